package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.util.List;

/**
 * The outcome of one {@link ImageCopier#copy}.
 *
 * @param sourceDigest  the root digest at the source
 * @param root          what was written: equal to the source's root unless a platform filter made a new index
 * @param destinations  one result per destination, in the order given
 */
public record CopyResult(Digest sourceDigest, Descriptor root, List<DestinationResult> destinations) {
    public CopyResult {
        destinations = List.copyOf(destinations);
    }

    public boolean digestChanged() {
        return !sourceDigest.equals(root.digest());
    }

    public boolean allSucceeded() {
        return destinations.stream().allMatch(DestinationResult::succeeded);
    }

    public long bytesUploaded() {
        return destinations.stream().mapToLong(DestinationResult::bytesUploaded).sum();
    }
}
