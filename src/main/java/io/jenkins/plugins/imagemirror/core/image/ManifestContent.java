package io.jenkins.plugins.imagemirror.core.image;

/**
 * The bytes of a manifest or of an index, with their parsed view. The bytes are kept verbatim: they are what gets
 * pushed, so the digest never changes on a copy.
 */
public sealed interface ManifestContent permits Manifest, ImageIndex {

    String mediaType();

    /** A copy of the exact bytes. */
    byte[] bytes();

    Digest digest();

    /** The descriptor that names these bytes (no platform, no annotations). */
    default Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest(), bytes().length);
    }

    /**
     * Parses a manifest or an index. The media type comes from the document's own {@code mediaType} field, else
     * from {@code contentType} (an HTTP header or a descriptor), else from its shape.
     *
     * @throws IllegalArgumentException naming what is wrong; schema 1 manifests are rejected as unsupported
     */
    static ManifestContent parse(byte[] bytes, String contentType) {
        JsonObject root = Json.parseObject(bytes, "manifest");
        JsonValue schemaVersion = root.get("schemaVersion");
        String declared = Json.optionalText(root, "mediaType", "manifest");
        String type = declared != null ? declared : stripParameters(contentType);
        if (declaresOne(schemaVersion) || MediaType.isSchema1(type)) {
            throw new IllegalArgumentException("manifest: Docker schema 1 is not supported (deprecated since 2017;"
                    + " re-push the image with a current client to get a schema 2 or OCI manifest)");
        }
        if (!(schemaVersion instanceof JsonNumber n && n.fitsInt() && n.longValue() == 2)) {
            throw new IllegalArgumentException("manifest: schemaVersion must be 2, found " + schemaVersion);
        }
        if (type == null || !(MediaType.isIndex(type) || MediaType.isManifest(type))) {
            if (root.has("manifests")) {
                type = MediaType.OCI_INDEX;
            } else if (root.has("config")) {
                type = MediaType.OCI_MANIFEST;
            } else {
                throw new IllegalArgumentException("manifest: unsupported media type '" + type
                        + "' (expected an OCI or Docker v2 manifest or index)");
            }
        }
        return MediaType.isIndex(type) ? ImageIndex.fromJson(bytes, type, root) : Manifest.fromJson(bytes, type, root);
    }

    /** {@code 1}, {@code 1.0} or {@code "1"}: what Docker's schema 1 manifests say (read leniently, to name them). */
    private static boolean declaresOne(JsonValue schemaVersion) {
        String text = JsonValue.textOf(schemaVersion, "").trim();
        if (schemaVersion instanceof JsonBoolean || text.isEmpty()) {
            return false;
        }
        try {
            return Double.parseDouble(text) == 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String stripParameters(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }
}
