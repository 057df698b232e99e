package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.ArchiveLocation;
import io.jenkins.plugins.imagemirror.core.copy.DockerArchiveSource;
import io.jenkins.plugins.imagemirror.core.copy.ImageSource;
import io.jenkins.plugins.imagemirror.core.copy.OciArchiveSource;
import io.jenkins.plugins.imagemirror.core.copy.OciLayoutSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Opens a source that lives in the workspace on the agent: an archive or OCI layout named with a prefix, or a bare
 * path whose kind its content decides (see {@link SourceForm}). Every failure is one line naming the source, the
 * path and what to give instead.
 */
public final class WorkspaceSource {
    private WorkspaceSource() {}

    /**
     * Whether {@code path} names a regular file, or a directory holding {@code oci-layout}, in (or, when absolute,
     * on the machine of) the workspace: rule 3 of {@link SourceForm}. A plain directory is not an image: a checkout's
     * {@code nginx/} folder must not hide the registry image {@code nginx}.
     */
    public static boolean holdsImage(Path workspace, String path) {
        try {
            Path resolved = workspace.resolve(path).normalize();
            return Files.isRegularFile(resolved) || Files.isRegularFile(resolved.resolve("oci-layout"));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * @param pathAndRef {@code PATH[:REF]} after the prefix, or the bare path of a {@link SourceForm#WORKSPACE_PATH}
     * @param what the start of every message, e.g. {@code mirrorImage: source 'out/app.tar'}
     */
    static ImageSource open(Path workspace, SourceForm form, String pathAndRef, String what) throws IOException {
        ArchiveLocation written = form == SourceForm.WORKSPACE_PATH ? new ArchiveLocation(Path.of(pathAndRef), null)
                : ArchiveLocation.parse(form.prefix().substring(0, form.prefix().length() - 1), pathAndRef);
        Path path = workspace.resolve(written.path()).normalize();
        if (!Files.exists(path)) {
            throw new IOException(what + ": " + path + " does not exist on this agent; give the path, relative to the"
                    + " workspace, of an OCI layout directory or of an oci-archive or docker-archive tar");
        }
        ArchiveLocation location = new ArchiveLocation(path, written.ref());
        SourceForm kind = form == SourceForm.WORKSPACE_PATH ? kindOf(path, what) : form;
        return switch (kind) {
            case OCI_LAYOUT -> OciLayoutSource.open(location);
            case DOCKER_ARCHIVE -> DockerArchiveSource.open(location);
            default -> OciArchiveSource.open(location);
        };
    }

    /**
     * A directory with {@code oci-layout} is an OCI layout; a tar holding {@code oci-layout} or {@code index.json} is an
     * oci-archive (the hybrid tarballs this plugin writes hold both kinds of index, and are read as OCI); a tar holding
     * only {@code manifest.json} is a docker-archive. Reads tar headers only (entries are skipped, not read).
     */
    static SourceForm kindOf(Path path, String what) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("oci-layout"))) {
                return SourceForm.OCI_LAYOUT;
            }
            throw new IOException(what + ": directory " + path + " has no oci-layout file; give an OCI image layout"
                    + " directory or an image archive (a tar)");
        }
        boolean dockerManifest = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            if (first == 0x1f && second == 0x8b) {
                throw new IOException(what + ": " + path + " is gzip-compressed; image archives are plain tar files:"
                        + " gunzip it first");
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            for (TarArchiveEntry entry = nextEntry(tar, path, what); entry != null; entry = nextEntry(tar, path, what)) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (name.equals("oci-layout") || name.equals("index.json")) {
                    return SourceForm.OCI_ARCHIVE;
                }
                dockerManifest |= name.equals("manifest.json");
            }
        }
        if (dockerManifest) {
            return SourceForm.DOCKER_ARCHIVE;
        }
        throw new IOException(what + ": " + path + " is not an image archive (no oci-layout, index.json or manifest.json"
                + " in it); give a tar written by docker save, skopeo or this plugin's 'tarball'");
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path path, String what) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(what + ": " + path + " is not a tar archive (" + e.getMessage() + "); give an OCI"
                    + " layout directory or an image archive");
        }
    }
}
