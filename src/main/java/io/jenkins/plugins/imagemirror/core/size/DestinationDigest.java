package io.jenkins.plugins.imagemirror.core.size;

import java.util.Objects;

/** Where an image was pushed or written ({@code registry/repo:tag}, an archive path) and the digest it has there. */
public record DestinationDigest(String reference, String digest) {
    public DestinationDigest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches("[a-z0-9]+:[a-f0-9]{32,}")) {
            throw new IllegalArgumentException("not a digest: '" + digest + "' for " + reference);
        }
    }

    /** The pinned reference, {@code reference@digest} (a tag, if any, is kept before the digest). */
    public String pinned() {
        return reference + "@" + digest;
    }
}
