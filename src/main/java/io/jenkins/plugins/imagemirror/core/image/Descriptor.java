package io.jenkins.plugins.imagemirror.core.image;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a manifest or index says about a blob or a child manifest. The size is the
 * exact byte count of the content (compressed, for layers), which every reader must check.
 *
 * @param platform only on entries of an index; {@code null} elsewhere
 * @param annotations never {@code null}; kept sorted so that written JSON is deterministic
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations)
        implements Serializable {
    public Descriptor {
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("descriptor: mediaType is required");
        }
        if (digest == null) {
            throw new IllegalArgumentException("descriptor: digest is required");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + ": negative size " + size);
        }
        annotations = annotations == null || annotations.isEmpty()
                ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null);
    }

    /** The descriptor of {@code bytes} under {@code mediaType}. */
    public static Descriptor ofContent(String mediaType, byte[] bytes) {
        return of(mediaType, Digest.sha256(bytes), bytes.length);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, newPlatform, annotations);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, platform, newAnnotations);
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + size + " bytes" + (platform == null ? "" : ", " + platform) + ")";
    }
}
