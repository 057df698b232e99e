package io.jenkins.plugins.imagemirror.core.build.plan;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COPY and ADD as Docker defines them, on the build context: a directory source copies its content, several
 * sources need a destination ending in {@code /}, a relative destination is under WORKDIR, {@code --chown} takes
 * numeric ids (user names would need the image's /etc/passwd, which nothing here runs), {@code --chmod} octal bits,
 * and ADD unpacks a local tar archive (plain, gzip or bzip2) instead of copying it.
 */
final class CopyPlanner {
    private final String file;
    private final DockerfilePlanner.Inputs in;

    CopyPlanner(String file, DockerfilePlanner.Inputs in) {
        this.file = file;
        this.in = in;
    }

    LayerSpec plan(Instruction.Copy copy, DockerfilePlanner.Words words, String workdir)
            throws BuildInputException, IOException {
        int line = copy.line();
        String keyword = copy.add() ? "ADD" : "COPY";
        String ownership = copy.chown() == null ? "0:0" : ownership(line, words.word(line, copy.chown()));
        int chmod = copy.chmod() == null ? -1 : mode(line, words.word(line, copy.chmod()));
        String rawDest = copy.json() ? copy.destination() : words.word(line, copy.destination());
        if (rawDest.isEmpty()) {
            throw new BuildInputException(file, line, keyword + " needs a destination");
        }
        ImageFilesystem fs = in.filesystem();
        String dest = fs.resolve(absolute(workdir, rawDest));
        boolean destIsDirectory = rawDest.endsWith("/") || rawDest.equals(".") || fs.isDirectory(dest);
        List<ContextFiles.ContextPath> sources = new ArrayList<>();
        for (String raw : copy.sources()) {
            String source = copy.json() ? raw : words.word(line, raw);
            try {
                sources.addAll(in.context().resolve(source));
            } catch (IllegalArgumentException e) {
                throw new BuildInputException(file, line, keyword + " " + source + ": " + e.getMessage());
            }
        }
        if (sources.size() > 1 && !destIsDirectory) {
            throw new BuildInputException(
                    file,
                    line,
                    "when using " + keyword + " with more than one source file, "
                            + "the destination must be a directory and end with a /; write " + rawDest + "/");
        }
        Map<String, LayerSpec.Entry> entries = new LinkedHashMap<>();
        for (ContextFiles.ContextPath source : sources) {
            try {
                if (source.directory()) {
                    if (!dest.equals("/")) {
                        put(entries, entry(source.file(), dest, 0755, ownership));
                    }
                    String prefix = source.relative().isEmpty() ? "" : source.relative() + "/";
                    for (ContextFiles.ContextPath child : in.context().walk(source.relative())) {
                        String target = join(dest, child.relative().substring(prefix.length()));
                        put(entries, entry(child.file(), target, chmod(chmod, child.file()), ownership));
                    }
                } else if (copy.add()
                        && ArchiveExtractor.isArchive(source.file())
                        && ArchiveExtractor.hasLinks(source.file())) {
                    if (sources.size() != 1) {
                        throw new BuildInputException(
                                file,
                                line,
                                "ADD " + source.relative() + ": an archive with "
                                        + "links must be the only source of its ADD; split the instruction");
                    }
                    fs.addDirectory(dest);
                    return new LayerSpec(copy.text(), line, List.of(), source.file(), dest);
                } else if (copy.add() && ArchiveExtractor.isArchive(source.file())) {
                    for (ArchiveExtractor.Extracted e : in.archives().extract(source.file())) {
                        put(
                                entries,
                                new LayerSpec.Entry(
                                        e.file(), join(dest, e.path()), e.mode(), e.ownership(), e.modified()));
                    }
                } else {
                    String target = destIsDirectory
                            ? join(dest, source.file().getFileName().toString())
                            : dest;
                    put(entries, entry(source.file(), target, chmod(chmod, source.file()), ownership));
                }
            } catch (IllegalArgumentException e) {
                throw new BuildInputException(file, line, keyword + " " + source.relative() + ": " + e.getMessage());
            }
        }
        List<LayerSpec.Entry> resolved = new ArrayList<>();
        for (LayerSpec.Entry entry : entries.values()) {
            String target = fs.resolveParent(entry.target());
            resolved.add(
                    new LayerSpec.Entry(entry.source(), target, entry.mode(), entry.ownership(), entry.modified()));
            fs.addDirectory(java.nio.file.Files.isDirectory(entry.source()) ? target : ImageFilesystem.parent(target));
        }
        return new LayerSpec(copy.text(), line, resolved);
    }

    private LayerSpec.Entry entry(Path source, String target, int mode, String ownership) {
        return new LayerSpec.Entry(source, target, mode, ownership, in.fileTime());
    }

    /** A later entry for the same path replaces the earlier one, as a later file would overwrite it. */
    private static void put(Map<String, LayerSpec.Entry> entries, LayerSpec.Entry entry) {
        entries.remove(entry.target());
        entries.put(entry.target(), entry);
    }

    private static int chmod(int chmod, Path source) throws IOException {
        return chmod >= 0 ? chmod : ContextFiles.defaultMode(source);
    }

    private String ownership(int line, String chown) throws BuildInputException {
        String[] parts = chown.split(":", -1);
        if (parts.length > 2 || !parts[0].matches("\\d+") || (parts.length == 2 && !parts[1].matches("\\d+"))) {
            throw new BuildInputException(
                    file,
                    line,
                    "--chown=" + chown + " is not numeric; image-mirror does "
                            + "not read the image's /etc/passwd: write numeric ids, e.g. --chown=1000:1000");
        }
        return parts[0] + ":" + (parts.length == 2 ? parts[1] : parts[0]);
    }

    private int mode(int line, String chmod) throws BuildInputException {
        if (!chmod.matches("[0-7]{1,4}")) {
            throw new BuildInputException(
                    file,
                    line,
                    "--chmod=" + chmod + " is not an octal mode; write it like " + "--chmod=755 or --chmod=0644");
        }
        int mode = Integer.parseInt(chmod, 8);
        if (mode > 0777) {
            throw new BuildInputException(
                    file,
                    line,
                    "--chmod=" + chmod + " sets setuid, setgid or sticky bits, "
                            + "which image-mirror does not write; use permission bits only (at most 0777)");
        }
        return mode;
    }

    /** A destination under WORKDIR unless absolute, cleaned, without a trailing slash (except "/"). */
    static String absolute(String workdir, String path) {
        String joined = path.startsWith("/") ? path : join(workdir, path);
        String clean = "/" + DockerIgnore.clean(joined);
        return clean;
    }

    static String join(String dir, String name) {
        if (name.isEmpty()) {
            return dir;
        }
        return (dir.endsWith("/") ? dir : dir + "/") + name;
    }
}
