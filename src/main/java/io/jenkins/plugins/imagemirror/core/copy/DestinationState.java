package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One destination's progress through a copy. Blob threads update it concurrently; status is set once. */
final class DestinationState {
    final ImageDestination destination;
    volatile DestinationResult.Status status;
    volatile String error;
    final AtomicLong bytesUploaded = new AtomicLong();
    final AtomicInteger blobsCopied = new AtomicInteger();
    final AtomicInteger blobsPresent = new AtomicInteger();
    final AtomicInteger blobsMounted = new AtomicInteger();

    DestinationState(ImageDestination destination) {
        this.destination = destination;
    }

    String name() {
        return destination.describe();
    }

    /** The first failure wins: it is the cause, later ones are consequences. */
    synchronized void fail(String message) {
        if (status == null) {
            status = DestinationResult.Status.FAILED;
            error = message;
        }
    }

    boolean failed() {
        return status == DestinationResult.Status.FAILED;
    }

    /** Children first, then the root, then commit: a name points at the image only once it is complete. */
    void writeManifests(List<ManifestContent> children, ManifestContent root) {
        String step = "writing manifests";
        try {
            for (ManifestContent child : children) {
                step = "pushing manifest " + child.digest();
                destination.putManifest(child);
            }
            step = "pushing "
                    + (root instanceof io.jenkins.plugins.imagemirror.core.image.ImageIndex ? "index " : "manifest ")
                    + root.digest();
            destination.putRoot(root);
            step = "committing";
            destination.commit();
            status = DestinationResult.Status.PUSHED;
        } catch (IOException | RuntimeException e) {
            fail(step + " to " + name() + ": " + e.getMessage());
        }
    }

    DestinationResult result(ManifestContent root, Digest rootDigest) {
        if (status == null) {
            fail("copy to " + name() + " did not complete");
        }
        if (failed()) {
            return new DestinationResult(
                    name(),
                    null,
                    null,
                    status,
                    bytesUploaded.get(),
                    blobsCopied.get(),
                    blobsPresent.get(),
                    blobsMounted.get(),
                    error);
        }
        String reference = destination.resultReference(rootDigest);
        return new DestinationResult(
                name(),
                reference,
                rootDigest,
                status,
                bytesUploaded.get(),
                blobsCopied.get(),
                blobsPresent.get(),
                blobsMounted.get(),
                null);
    }
}
