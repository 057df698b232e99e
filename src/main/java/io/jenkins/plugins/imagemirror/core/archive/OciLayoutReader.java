package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads an OCI image layout directory. Strict: a blob's path is derived from its digest only, and must be a
 * regular file (not a symlink, which could point outside the layout); {@code oci-layout} must declare version 1.x.
 */
public final class OciLayoutReader implements LayoutReader {
    private final Path dir;
    private final List<Descriptor> entries;
    private final boolean trusted;
    private final String label;

    private OciLayoutReader(Path dir, List<Descriptor> entries, boolean trusted, String label) {
        this.dir = dir;
        this.entries = entries;
        this.trusted = trusted;
        this.label = label;
    }

    public static OciLayoutReader open(Path dir) throws IOException {
        return open(dir, "OCI layout " + dir.toAbsolutePath());
    }

    /**
     * Like {@link #open(Path)}, naming the layout {@code label} in messages and {@link #describe()} (core.transport
     * passes the location as the user wrote it, transport prefix included).
     */
    public static OciLayoutReader open(Path dir, String label) throws IOException {
        return open(dir, false, label);
    }

    /**
     * Opens a layout that this process wrote through {@link OciLayoutWriter} (every blob verified as it was
     * written, in a private staging directory): {@link #trustedBlobFile} then lets archive writers copy blobs
     * in-kernel without hashing them a second time.
     */
    public static OciLayoutReader openTrusted(Path dir) throws IOException {
        return open(dir, true, "OCI layout " + dir.toAbsolutePath());
    }

    private static OciLayoutReader open(Path dir, boolean trusted, String where) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            throw new NoSuchFileException(
                    absolute.toString(),
                    null,
                    "reading OCI layout: no such directory (expected oci-layout, index.json and blobs/ in it)");
        }
        LayoutDocuments.checkLayoutFile(regularFileBytes(absolute.resolve(LayoutNames.OCI_LAYOUT), where), where);
        ImageIndex index =
                LayoutDocuments.parseIndex(regularFileBytes(absolute.resolve(LayoutNames.INDEX), where), where);
        return new OciLayoutReader(absolute, index.manifests(), trusted, where);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public String describe() {
        return label;
    }

    @Override
    public List<Descriptor> entries() {
        return entries;
    }

    @Override
    public Optional<Path> trustedBlobFile(Descriptor blob) throws IOException {
        return trusted ? Optional.of(checkedBlobFile(blob)) : Optional.empty();
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        Path file = checkedBlobFile(blob);
        return new VerifyingInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), blob, describe());
    }

    private Path checkedBlobFile(Descriptor blob) throws IOException {
        Path file = dir.resolve(LayoutNames.blobPath(blob.digest()));
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "reading blob " + blob.digest() + " from " + describe() + ": missing (or not a regular file)");
        }
        long size = Files.size(file);
        if (size != blob.size()) {
            throw new IOException("reading blob " + blob.digest() + " from " + describe() + ": file has " + size
                    + " bytes, its descriptor declares " + blob.size());
        }
        return file;
    }

    /** Reads and parses a manifest or index named by {@code descriptor}. */
    public ManifestContent manifest(Descriptor descriptor) throws IOException {
        return LayoutDocuments.parseManifest(readBlob(descriptor), descriptor, describe());
    }

    @Override
    public void close() {
        // nothing held open: each blob stream is closed by its reader
    }

    private static byte[] regularFileBytes(Path file, String where) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "reading " + where + ": " + file.getFileName() + " is missing or not a regular file");
        }
        if (Files.size(file) > MAX_DOCUMENT_BYTES) {
            throw new IOException("reading " + where + ": " + file.getFileName() + " is larger than "
                    + MAX_DOCUMENT_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
