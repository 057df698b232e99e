package io.jenkins.plugins.imagemirror.core.size;

import java.util.Objects;

/**
 * A content-addressed blob as a manifest names it: media type, digest ({@code algorithm:hex}) and size in bytes.
 * Stand-in for {@code core.image.Descriptor} until size can depend on it; validates like it.
 */
public record BlobDescriptor(String mediaType, String digest, long size) {
    public BlobDescriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")) {
            throw new IllegalArgumentException("not a digest: '" + digest + "' (expected algorithm:hex, e.g. sha256:ab12…)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for blob " + digest);
        }
    }

    /** The hex part of the digest, e.g. for blob file names. */
    public String hex() {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
