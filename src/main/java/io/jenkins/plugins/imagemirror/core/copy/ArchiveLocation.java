package io.jenkins.plugins.imagemirror.core.copy;

import java.nio.file.Path;

/**
 * The part after the transport prefix of {@code oci-archive:PATH[:REF]}, {@code oci:DIR[:REF]} and
 * {@code docker-archive:PATH[:REF]}, split as skopeo splits it: at the first {@code :}, so the path has no colon
 * and the ref may have several ({@code out.tar:registry.corp:5000/app:1.0}).
 *
 * @param ref {@code null} when absent
 */
public record ArchiveLocation(Path path, String ref) {
    public ArchiveLocation {
        if (path == null || path.toString().isEmpty()) {
            throw new IllegalArgumentException("archive path is required");
        }
        if (ref != null && ref.isEmpty()) {
            ref = null;
        }
    }

    /** Parses {@code PATH[:REF]}; {@code transport} ({@code oci-archive}) is only for the message. */
    public static ArchiveLocation parse(String transport, String pathAndRef) {
        if (pathAndRef == null || pathAndRef.isEmpty() || pathAndRef.startsWith(":")) {
            throw new IllegalArgumentException("'" + transport + ":" + (pathAndRef == null ? "" : pathAndRef)
                    + "': expected " + transport + ":PATH[:REF]");
        }
        int colon = pathAndRef.indexOf(':');
        return colon < 0 ? new ArchiveLocation(Path.of(pathAndRef), null)
                : new ArchiveLocation(Path.of(pathAndRef.substring(0, colon)), pathAndRef.substring(colon + 1));
    }

    /** {@code transport:PATH[:REF]} with the absolute path. */
    public String describe(String transport) {
        return transport + ":" + path.toAbsolutePath() + (ref == null ? "" : ":" + ref);
    }
}
