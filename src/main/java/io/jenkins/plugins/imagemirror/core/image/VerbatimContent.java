package io.jenkins.plugins.imagemirror.core.image;

import java.util.Arrays;
import java.util.Map;

/**
 * What {@link Manifest} and {@link ImageIndex} share: the exact bytes (copied in, copied out: callers can never
 * change what gets pushed), their media type and digest, and the annotations. Equal when the bytes are equal.
 */
abstract sealed class VerbatimContent permits Manifest, ImageIndex {
    private final byte[] bytes;
    private final String mediaType;
    private final Digest digest;
    private final Map<String, String> annotations;

    VerbatimContent(byte[] bytes, String mediaType, Map<String, String> annotations) {
        this.bytes = bytes.clone();
        this.mediaType = mediaType;
        this.digest = Digest.sha256(this.bytes);
        this.annotations = Map.copyOf(annotations);
    }

    public String mediaType() {
        return mediaType;
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Byte count without a copy. */
    public int length() {
        return bytes.length;
    }

    public Digest digest() {
        return digest;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((VerbatimContent) o).bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }
}
