package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The fixed names of an OCI image layout (directory or tar) and of the Docker {@code manifest.json} beside it, and
 * the one rule that maps a digest to a path. Readers derive every blob path from a digest through
 * {@link #blobPath(Digest)}, never from text found in the archive.
 */
public final class LayoutNames {
    public static final String OCI_LAYOUT = "oci-layout";
    public static final String INDEX = "index.json";
    /** Docker's {@code docker save} index: what {@code docker load} reads. */
    public static final String DOCKER_MANIFEST = "manifest.json";
    /** Written by {@code docker save}; tolerated when reading, never written. */
    public static final String DOCKER_REPOSITORIES = "repositories";

    public static final String BLOBS = "blobs";
    /** The OCI annotation {@code skopeo}, {@code podman} and {@code oci:DIR:REF} match a REF against. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The full image name {@code ctr images import} gives the image. */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    private static final byte[] LAYOUT_FILE = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private LayoutNames() {}

    /** {@code blobs/sha256/<hex>}. */
    public static String blobPath(Digest digest) {
        return BLOBS + "/" + digest.algorithm() + "/" + digest.hex();
    }

    /** The digest a path {@code blobs/<alg>/<hex>} stands for; empty for any other path. */
    public static Optional<Digest> digestOfBlobPath(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 3 || !parts[0].equals(BLOBS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Digest(parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The bytes of the {@code oci-layout} file. */
    public static byte[] layoutFile() {
        return LAYOUT_FILE.clone();
    }

    /**
     * The full image name for {@code io.containerd.image.name} and Docker's {@code RepoTags}
     * ({@code app:1.0} → {@code docker.io/library/app:1.0}); empty when {@code refName} is not an image reference
     * (a bare OCI ref name such as {@code v1.0} is kept only as {@code org.opencontainers.image.ref.name}).
     */
    public static Optional<String> imageName(String refName) {
        if (refName == null || refName.isEmpty() || refName.contains("@")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(refName).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The full form of a reference by digest ({@code repo@sha256:…}), which containerd takes as an image name. */
    public static Optional<String> digestImageName(String refName) {
        if (refName == null || !refName.contains("@")) {
            return Optional.empty();
        }
        try {
            ImageReference reference = ImageReference.parse(refName);
            return Optional.of(reference.atDigest(reference.digest()).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
