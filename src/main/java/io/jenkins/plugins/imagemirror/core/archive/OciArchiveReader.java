package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads an OCI archive (a tar of an OCI image layout, such as {@code skopeo copy oci-archive:}, {@code ctr export},
 * {@code docker save} from Docker 25, or {@link OciArchiveWriter}) in place, without extracting it (see
 * {@link TarIndex} for why). Beyond the tar checks, only layout names are allowed: {@code oci-layout},
 * {@code index.json}, {@code manifest.json}, {@code repositories}, {@code blobs/}, {@code blobs/<alg>/} and
 * {@code blobs/<alg>/<hex>} with a valid digest; no links. Thread-safe.
 */
public final class OciArchiveReader implements LayoutReader {
    private static final Set<String> TOP_LEVEL = Set.of(
            LayoutNames.OCI_LAYOUT, LayoutNames.INDEX, LayoutNames.DOCKER_MANIFEST, LayoutNames.DOCKER_REPOSITORIES);

    private final TarIndex tar;
    private final String where;
    private final List<Descriptor> entries;

    private OciArchiveReader(TarIndex tar, String where, List<Descriptor> entries) {
        this.tar = tar;
        this.where = where;
        this.entries = entries;
    }

    /** Indexes the archive and reads {@code oci-layout} and {@code index.json}; blobs are read on demand. */
    public static OciArchiveReader open(Path archive) throws IOException {
        return open(archive, "OCI archive " + archive.toAbsolutePath());
    }

    /**
     * Like {@link #open(Path)}, naming the archive {@code label} in messages and {@link #describe()} (core.transport
     * passes the location as the user wrote it, transport prefix included).
     */
    public static OciArchiveReader open(Path archive, String label) throws IOException {
        Path absolute = archive.toAbsolutePath();
        String where = label;
        if (!Files.isRegularFile(absolute)) {
            throw new NoSuchFileException(absolute.toString(), null, "reading OCI archive: no such file");
        }
        TarIndex tar = TarIndex.open(absolute);
        try {
            if (!tar.entries().containsKey(LayoutNames.INDEX)
                    && tar.entries().containsKey(LayoutNames.DOCKER_MANIFEST)) {
                throw new ArchiveFormatException("reading " + where + ": a docker-archive (manifest.json, no"
                        + " index.json); read it as docker-archive:" + absolute);
            }
            for (TarIndex.Entry entry : tar.entries().values()) {
                checkAllowed(entry, where);
            }
            LayoutDocuments.checkLayoutFile(small(tar, LayoutNames.OCI_LAYOUT, where), where);
            ImageIndex index = LayoutDocuments.parseIndex(small(tar, LayoutNames.INDEX, where), where);
            return new OciArchiveReader(tar, where, index.manifests());
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public List<Descriptor> entries() {
        return entries;
    }

    public Path file() {
        return tar.file();
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        TarIndex.Entry entry = tar.resolveFile(LayoutNames.blobPath(blob.digest()));
        if (entry == null) {
            throw new NoSuchFileException(
                    LayoutNames.blobPath(blob.digest()),
                    null,
                    "reading blob " + blob.digest() + " from " + where + ": not in the archive");
        }
        if (entry.size() != blob.size()) {
            throw new ArchiveFormatException("reading blob " + blob.digest() + " from " + where + ": entry has "
                    + entry.size() + " bytes, its descriptor declares " + blob.size());
        }
        return new VerifyingInputStream(tar.open(entry), blob, where);
    }

    /** Reads and parses a manifest or index named by {@code descriptor}. */
    public ManifestContent manifest(Descriptor descriptor) throws IOException {
        return LayoutDocuments.parseManifest(readBlob(descriptor), descriptor, where);
    }

    /** The raw {@code manifest.json} of a hybrid archive, if present. */
    public byte[] dockerManifestJson() throws IOException {
        return tar.entries().containsKey(LayoutNames.DOCKER_MANIFEST)
                ? small(tar, LayoutNames.DOCKER_MANIFEST, where)
                : null;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private static void checkAllowed(TarIndex.Entry entry, String where) throws ArchiveFormatException {
        String name = entry.name();
        boolean allowed = switch (entry.type()) {
            case FILE ->
                TOP_LEVEL.contains(name) || LayoutNames.digestOfBlobPath(name).isPresent();
            case DIRECTORY ->
                name.equals(LayoutNames.BLOBS) || name.equals("blobs/sha256") || name.equals("blobs/sha512");
            case SYMLINK, HARDLINK -> false;
        };
        if (!allowed) {
            String kind = entry.type() == TarIndex.Type.FILE || entry.type() == TarIndex.Type.DIRECTORY
                    ? "is not part of an OCI image layout"
                    : "is a link; links are not allowed in an OCI archive";
            throw new ArchiveFormatException("reading " + where + ": entry '" + name + "' " + kind);
        }
    }

    static byte[] small(TarIndex tar, String name, String where) throws IOException {
        TarIndex.Entry entry = tar.resolveFile(name);
        if (entry == null) {
            throw new ArchiveFormatException("reading " + where + ": no " + name + " in the archive");
        }
        if (entry.size() > MAX_DOCUMENT_BYTES) {
            throw new ArchiveFormatException("reading " + where + ": " + name + " is " + entry.size()
                    + " bytes, more than " + MAX_DOCUMENT_BYTES);
        }
        try (InputStream in = tar.open(entry)) {
            return in.readAllBytes();
        }
    }
}
