package io.jenkins.plugins.imagemirror.core.image;

/** The media types image-mirror reads and writes, and the checks on them. */
public final class MediaType {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_NONDISTRIBUTABLE_LAYER_GZIP =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** What image-mirror asks a registry for: every manifest kind it understands. */
    public static final String ACCEPT_MANIFESTS =
            String.join(", ", OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private MediaType() {}

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1.equals(mediaType)
                || DOCKER_SCHEMA1_SIGNED.equals(mediaType)
                || "application/json".equals(mediaType);
    }

    /** Layers compressed with gzip (the Docker and OCI gzip types). */
    public static boolean isGzipLayer(String mediaType) {
        return OCI_LAYER_GZIP.equals(mediaType)
                || DOCKER_LAYER_GZIP.equals(mediaType)
                || DOCKER_FOREIGN_LAYER_GZIP.equals(mediaType)
                || OCI_NONDISTRIBUTABLE_LAYER_GZIP.equals(mediaType);
    }

    /**
     * The OCI type of a layer, for an OCI manifest that reuses the layer's bytes: Docker's gzip layer types become
     * their OCI equivalents (same bytes, another name); every other type, OCI ones included, is returned as is.
     */
    public static String ociLayerType(String mediaType) {
        if (DOCKER_LAYER_GZIP.equals(mediaType)) {
            return OCI_LAYER_GZIP;
        }
        return DOCKER_FOREIGN_LAYER_GZIP.equals(mediaType) ? OCI_NONDISTRIBUTABLE_LAYER_GZIP : mediaType;
    }

    public static boolean isZstdLayer(String mediaType) {
        return OCI_LAYER_ZSTD.equals(mediaType);
    }
}
