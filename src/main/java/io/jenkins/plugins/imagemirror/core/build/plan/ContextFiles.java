package io.jenkins.plugins.imagemirror.core.build.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build context as COPY and ADD see it: paths relative to the context directory, without what .dockerignore
 * leaves out, never escaping the context (also not through a symbolic link). Symbolic links inside the context are
 * followed (the image gets the target's content). Walks are sorted, so entry order never depends on the file
 * system.
 */
public final class ContextFiles {
    /** A context path (relative, {@code /}-separated, "" for the root) and the file it denotes. */
    record ContextPath(String relative, Path file, boolean directory) {}

    private final Path root;
    private final Path realRoot;
    private final DockerIgnore ignore;
    private final List<Path> hidden;

    public ContextFiles(Path root, DockerIgnore ignore) throws IOException {
        this(root, ignore, List.of());
    }

    /**
     * @param hidden directories never part of the context even when inside it: the build's own cache and output
     *     (else {@code COPY . /app} would put the layer cache into the image and no two builds would agree)
     */
    public ContextFiles(Path root, DockerIgnore ignore, List<Path> hidden) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
        this.ignore = ignore;
        this.hidden = hidden.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    Path root() {
        return root;
    }

    /**
     * Resolves one COPY source (already substituted): a path, or a pattern with {@code * ? [..]}.
     *
     * @throws IllegalArgumentException naming the source when it escapes the context or matches nothing
     */
    List<ContextPath> resolve(String source) throws IOException {
        String clean = DockerIgnore.clean(source.replace('\\', '/'));
        if (clean.equals("..") || clean.startsWith("../")) {
            throw new IllegalArgumentException("forbidden path outside the build context: " + source
                    + "; move the file into the context directory");
        }
        if (clean.matches(".*[*?\\[].*")) {
            Pattern pattern = Pattern.compile(DockerIgnore.regex(clean));
            List<ContextPath> matches = new ArrayList<>();
            for (ContextPath candidate : walk("")) {
                if (pattern.matcher(candidate.relative()).matches()) {
                    matches.add(candidate);
                }
            }
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("no source files were specified: '" + source + "' matches "
                        + "nothing in the build context (or only files .dockerignore excludes)");
            }
            return matches;
        }
        Path file = checked(clean);
        if (!Files.exists(file) || (!clean.isEmpty() && ignore.excluded(clean) && !Files.isDirectory(file))) {
            throw new IllegalArgumentException(
                    "file not found in build context or excluded by .dockerignore: " + source);
        }
        return List.of(new ContextPath(clean, file, Files.isDirectory(file)));
    }

    /** Everything below a context directory that .dockerignore keeps, sorted, directories before their content. */
    List<ContextPath> walk(String directory) throws IOException {
        List<ContextPath> out = new ArrayList<>();
        walkInto(directory, checked(directory), out);
        return out;
    }

    private void walkInto(String relative, Path dir, List<ContextPath> out) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String path = relative.isEmpty() ? name : relative + "/" + name;
            if (hidden.contains(child.toAbsolutePath().normalize())) {
                continue;
            }
            Path file = checked(path);
            boolean directory = Files.isDirectory(file);
            boolean excluded = ignore.excluded(path);
            if (directory) {
                if (excluded && !ignore.hasExclusions()) {
                    continue;
                }
                int before = out.size();
                if (!excluded) {
                    out.add(new ContextPath(path, file, true));
                }
                walkInto(path, file, out);
                if (excluded && out.size() > before) {
                    out.add(before, new ContextPath(path, file, true));
                }
            } else if (!excluded) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(path + " is neither a regular file nor a directory; remove "
                            + "it from the context or list it in .dockerignore");
                }
                out.add(new ContextPath(path, file, false));
            }
        }
    }

    /** The file for a context path, refusing any path (or symbolic link target) outside the context. */
    private Path checked(String relative) throws IOException {
        Path file = relative.isEmpty() ? root : root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("forbidden path outside the build context: " + relative);
        }
        if (Files.exists(file) && !file.toRealPath().startsWith(realRoot)) {
            throw new IllegalArgumentException("symbolic link " + relative + " points outside the build context ("
                    + file.toRealPath() + "); copy the target into the context instead");
        }
        return file;
    }

    /** Docker keeps a context file's mode; image-mirror keeps only its owner-executable bit, so the layer does not
     * depend on the checkout's umask: 0755 for executables and directories, 0644 otherwise. */
    static int defaultMode(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return 0755;
        }
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file) ? 0755 : 0644;
        }
    }
}
