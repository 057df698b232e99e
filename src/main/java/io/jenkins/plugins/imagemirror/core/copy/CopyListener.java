package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.util.List;

/**
 * Progress of a copy, for a console or a Jenkins build log. Called from several threads; implementations
 * synchronise their own output. Never given a secret.
 */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {};

    /** The source's root was resolved. */
    default void resolved(String source, Descriptor root) {}

    /** A blob is about to be streamed once from the source to these destinations. */
    default void blobStarted(Descriptor blob, List<String> destinations) {}

    /** A blob needed no upload at one destination: {@code how} is {@code present} or {@code mounted}. */
    default void blobSkipped(Descriptor blob, String destination, String how) {}

    /** A blob was streamed; {@code millis} is the wall time of the transfer. */
    default void blobCopied(Descriptor blob, long millis) {}

    /** A destination is done, successfully or not. */
    default void destinationDone(DestinationResult result) {}

    /** Anything else worth a line: retries, rate limits, a platform filter changing the digest. */
    default void info(String message) {}
}
