package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.util.Objects;

/** Where an image was pushed or written ({@code registry/repo:tag}, an archive path) and the digest it has there. */
public record DestinationDigest(String reference, Digest digest) {
    public DestinationDigest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
    }

    /** The pinned reference, {@code reference@digest}: a tag is kept before the digest, a digest replaced. */
    public String pinned() {
        int at = reference.indexOf('@');
        return (at < 0 ? reference : reference.substring(0, at)) + "@" + digest;
    }
}
