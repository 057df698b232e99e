package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.Serializable;
import java.util.Locale;

/**
 * What happened at one destination.
 *
 * @param destination   as the user named it, e.g. {@code docker://127.0.0.1:5000/team/app:1.0}
 * @param reference     the name a later stage should use (with the digest), or {@code null} when failed
 * @param digest        the root digest written (or found), {@code null} when failed before knowing it
 * @param bytesUploaded bytes of blobs sent over the network to this destination
 * @param error         one line naming what failed and why, {@code null} on success
 */
public record DestinationResult(
        String destination,
        String reference,
        Digest digest,
        Status status,
        long bytesUploaded,
        int blobsCopied,
        int blobsPresent,
        int blobsMounted,
        String error)
        implements Serializable {

    public enum Status {
        /** Something was written. */
        PUSHED,
        /** The destination already held the image under every name: nothing was written. */
        PRESENT,
        FAILED;

        /** As printed in reports: {@code pushed}, {@code present}, {@code failed}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean succeeded() {
        return status != Status.FAILED;
    }
}
