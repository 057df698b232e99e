package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageConfig;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a docker-archive ({@code docker save} of any version, or {@link DockerArchiveWriter}) in place. A docker
 * archive has no manifest, only paths, so {@link #manifest} makes one: an OCI manifest whose config is the
 * archive's config and whose layers are the archive's layer files as they are, typed by their first bytes
 * ({@code application/vnd.oci.image.layer.v1.tar} for the uncompressed tars of {@code docker save}, {@code +gzip}
 * or {@code +zstd} otherwise), digests computed by streaming each layer once. Uncompressed layers are checked
 * against the config's {@code diff_ids}. Links inside the archive (older {@code docker save} links repeated layers)
 * are followed; links that leave the archive are rejected. Thread-safe.
 */
public final class DockerArchiveReader implements Closeable {
    private final TarIndex tar;
    private final String where;
    private final List<DockerManifestJson> images;
    private final Map<Digest, TarIndex.Entry> blobs = new ConcurrentHashMap<>();

    private DockerArchiveReader(TarIndex tar, String where, List<DockerManifestJson> images) {
        this.tar = tar;
        this.where = where;
        this.images = images;
    }

    public static DockerArchiveReader open(Path archive) throws IOException {
        return open(archive, "docker archive " + archive.toAbsolutePath());
    }

    /**
     * Like {@link #open(Path)}, naming the archive {@code label} in messages (core.transport passes the location as
     * the user wrote it, transport prefix included).
     */
    public static DockerArchiveReader open(Path archive, String label) throws IOException {
        Path absolute = archive.toAbsolutePath();
        String where = label;
        if (!Files.isRegularFile(absolute)) {
            throw new NoSuchFileException(absolute.toString(), null, "reading docker archive: no such file");
        }
        TarIndex tar = TarIndex.open(absolute);
        try {
            if (!tar.entries().containsKey(LayoutNames.DOCKER_MANIFEST)) {
                throw new ArchiveFormatException("reading " + where + ": no manifest.json (not a docker-archive;"
                        + " an OCI archive without it is read with oci-archive:)");
            }
            List<DockerManifestJson> images =
                    DockerManifestJson.parse(OciArchiveReader.small(tar, LayoutNames.DOCKER_MANIFEST, where), where);
            if (images.isEmpty()) {
                throw new ArchiveFormatException("reading " + where + ": manifest.json lists no image");
            }
            return new DockerArchiveReader(tar, where, List.copyOf(images));
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    public String describe() {
        return where;
    }

    public List<DockerManifestJson> images() {
        return images;
    }

    /**
     * The image tagged {@code ref} (compared in full form: {@code app:1.0} matches
     * {@code docker.io/library/app:1.0}), or {@code @N} for the N-th image; with no ref, the only image.
     */
    public DockerManifestJson select(String ref) throws IOException {
        if (ref == null || ref.isEmpty()) {
            if (images.size() == 1) {
                return images.get(0);
            }
            throw new IOException(where + ": manifest.json lists " + images.size() + " images; name one with :REF ("
                    + tagList() + ")");
        }
        if (ref.startsWith("@")) {
            try {
                return images.get(Integer.parseInt(ref.substring(1)));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IOException(where + ": no image " + ref + " (manifest.json lists " + images.size() + ")");
            }
        }
        String full = LayoutNames.imageName(ref).orElse(ref);
        for (DockerManifestJson image : images) {
            for (String tag : image.repoTags()) {
                if (tag.equals(ref) || full.equals(LayoutNames.imageName(tag).orElse(tag))) {
                    return image;
                }
            }
        }
        throw new IOException(where + ": no image tagged '" + ref + "' (" + tagList() + ")");
    }

    /** The OCI manifest describing {@code image}; streams every layer once to digest it. */
    public Manifest manifest(DockerManifestJson image) throws IOException {
        TarIndex.Entry configEntry = file(image.config(), "config");
        byte[] configBytes = OciArchiveReader.small(tar, configEntry.name(), where);
        ImageConfig config;
        try {
            config = ImageConfig.parse(configBytes);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("reading " + where + ": config " + image.config() + ": " + e.getMessage());
        }
        if (config.diffIds().size() != image.layers().size()) {
            throw new ArchiveFormatException("reading " + where + ": manifest.json lists "
                    + image.layers().size() + " layers, the config's rootfs.diff_ids "
                    + config.diffIds().size());
        }
        Descriptor configDescriptor = Descriptor.ofContent(MediaType.OCI_CONFIG, configBytes);
        blobs.put(configDescriptor.digest(), configEntry);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < image.layers().size(); i++) {
            TarIndex.Entry entry = file(image.layers().get(i), "layer " + i);
            Descriptor layer = describeLayer(entry);
            if (layer.mediaType().equals(MediaType.OCI_LAYER_TAR)
                    && !layer.digest().equals(config.diffIds().get(i))) {
                throw new ArchiveFormatException("reading " + where + ": layer " + i + " (" + entry.name()
                        + ") has digest " + layer.digest() + ", the config's diff_id is "
                        + config.diffIds().get(i)
                        + " (archive corrupt or tampered)");
            }
            blobs.put(layer.digest(), entry);
            layers.add(layer);
        }
        return Manifest.create(MediaType.OCI_MANIFEST, configDescriptor, layers, Map.of());
    }

    /** Opens the config or a layer of a manifest made by {@link #manifest}; verifies size and digest. */
    public InputStream openBlob(Descriptor blob) throws IOException {
        TarIndex.Entry entry = blobs.get(blob.digest());
        if (entry == null) {
            throw new NoSuchFileException(
                    blob.digest().toString(),
                    null,
                    "reading blob " + blob.digest() + " from " + where
                            + ": not a config or layer of an image read from it");
        }
        if (entry.size() != blob.size()) {
            throw new ArchiveFormatException("reading blob " + blob.digest() + " from " + where + ": entry '"
                    + entry.name() + "' has " + entry.size() + " bytes, the descriptor declares " + blob.size());
        }
        return new VerifyingInputStream(tar.open(entry), blob, where);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private TarIndex.Entry file(String path, String what) throws IOException {
        String name = TarNames.normalize(path, "reading " + where + ": manifest.json " + what);
        TarIndex.Entry entry = tar.resolveFile(name);
        if (entry == null) {
            throw new ArchiveFormatException("reading " + where + ": manifest.json names " + what + " '" + path
                    + "', which is not in the archive");
        }
        return entry;
    }

    private Descriptor describeLayer(TarIndex.Entry entry) throws IOException {
        MessageDigest hasher = Digest.newSha256();
        byte[] head = new byte[4];
        int headLength = 0;
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = tar.open(entry)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (headLength < head.length) {
                    int take = Math.min(head.length - headLength, n);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                hasher.update(buffer, 0, n);
            }
        }
        String mediaType;
        if (headLength >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            mediaType = MediaType.OCI_LAYER_GZIP;
        } else if (headLength == 4
                && (head[0] & 0xff) == 0x28
                && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            mediaType = MediaType.OCI_LAYER_ZSTD;
        } else {
            mediaType = MediaType.OCI_LAYER_TAR;
        }
        return Descriptor.of(mediaType, Digest.of(hasher), entry.size());
    }

    private String tagList() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<String> t = images.get(i).repoTags();
            tags.add(t.isEmpty() ? "@" + i : String.join(", ", t));
        }
        return "tags: " + String.join("; ", tags);
    }
}
