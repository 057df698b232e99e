package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The transport of an image on disk named without a prefix, decided by its content: a directory with
 * {@code oci-layout} is an OCI layout; a tar holding {@code oci-layout} or {@code index.json} an oci-archive (the
 * hybrid tarballs this project writes hold both kinds of index, and are read as OCI); a tar holding only
 * {@code manifest.json} a docker-archive. Reads tar headers only (entries are skipped, not read).
 */
public final class LocalImageKind {
    private LocalImageKind() {}

    /**
     * Whether {@code path} names a regular file, or a directory holding {@code oci-layout}, under {@code directory}
     * (or, when absolute, anywhere). A plain directory is not an image: a checkout's {@code nginx/} folder must not
     * hide the registry image {@code nginx}.
     */
    public static boolean holdsImage(Path directory, String path) {
        try {
            Path resolved = directory.resolve(path).normalize();
            return Files.isRegularFile(resolved) || Files.isRegularFile(resolved.resolve(LayoutNames.OCI_LAYOUT));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The location of the image at {@code path} (named {@code name} inside, may be null), by its content. */
    public static ImageLocation locate(Path path, String name, String what) throws IOException {
        return ImageLocation.of(of(path, what), path, name);
    }

    /** @param what the start of every message, e.g. {@code mirrorImage: source 'out/app.tar'} */
    public static Transport of(Path path, String what) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(LayoutNames.OCI_LAYOUT))) {
                return Transport.OCI_LAYOUT;
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
            for (TarArchiveEntry entry = nextEntry(tar, path, what);
                    entry != null;
                    entry = nextEntry(tar, path, what)) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (name.equals(LayoutNames.OCI_LAYOUT) || name.equals(LayoutNames.INDEX)) {
                    return Transport.OCI_ARCHIVE;
                }
                dockerManifest |= name.equals(LayoutNames.DOCKER_MANIFEST);
            }
        }
        if (dockerManifest) {
            return Transport.DOCKER_ARCHIVE;
        }
        throw new IOException(
                what + ": " + path + " is not an image archive (no oci-layout, index.json or manifest.json"
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
