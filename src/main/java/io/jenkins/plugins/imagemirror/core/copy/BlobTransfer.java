package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.transport.BlobSink;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Moves one blob from the source to every destination that lacks it, reading the source once per attempt and
 * verifying size and digest on the way. Destinations that fail in transit get another attempt of their own; a
 * source whose bytes do not match the descriptor fails the whole copy at once (retrying cannot help, and nothing
 * that refers to the blob may be pushed).
 */
final class BlobTransfer {
    private static final int BUFFER = 64 * 1024;

    private final ImageSource source;
    private final Optional<ImageReference> mountFrom;
    private final int attempts;
    private final CopyListener listener;
    private final BlobTap tap;
    private final ExecutorService tapThreads;

    /** @param tapThreads runs the tap's reads; unused when {@code tap} is {@link BlobTap#NONE} */
    BlobTransfer(
            ImageSource source,
            Optional<ImageReference> mountFrom,
            int attempts,
            CopyListener listener,
            BlobTap tap,
            ExecutorService tapThreads) {
        this.source = source;
        this.mountFrom = mountFrom;
        this.attempts = attempts;
        this.listener = listener;
        this.tap = tap;
        this.tapThreads = tapThreads;
    }

    void transfer(Descriptor blob, List<DestinationState> states) throws IOException {
        List<DestinationState> needed = new ArrayList<>();
        for (DestinationState state : states) {
            if (!state.failed() && needsUpload(blob, state)) {
                needed.add(state);
            }
        }
        for (int attempt = 1; !needed.isEmpty(); attempt++) {
            Map<DestinationState, IOException> failures;
            try {
                failures = streamOnce(blob, needed);
            } catch (BlobMismatchException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new IOException(
                            "reading blob " + blob.digest() + " from " + source.describe() + " (attempt " + attempt
                                    + " of " + attempts + "): " + e.getMessage(),
                            e);
                }
                listener.info("retrying blob " + blob.digest().shortForm() + " from " + source.describe() + " after: "
                        + e.getMessage());
                continue;
            }
            needed = new ArrayList<>();
            for (Map.Entry<DestinationState, IOException> failure : failures.entrySet()) {
                DestinationState state = failure.getKey();
                String cause = String.valueOf(failure.getValue().getMessage());
                // a registry's message already names the blob and where it went: don't say it twice
                String message = cause.contains(blob.digest().toString())
                        ? cause
                        : "pushing blob " + blob.digest() + " to " + state.name() + ": " + cause;
                if (attempt >= attempts) {
                    state.fail(message + " (gave up after " + attempt + " attempts)");
                } else {
                    listener.info("retrying: " + message);
                    needed.add(state);
                }
            }
        }
    }

    private boolean needsUpload(Descriptor blob, DestinationState state) {
        try {
            if (state.destination.hasBlob(blob)) {
                state.blobsPresent.incrementAndGet();
                listener.blobSkipped(blob, state.name(), "present");
                return false;
            }
            if (mountFrom.isPresent() && state.destination.mount(blob, mountFrom.get())) {
                state.blobsMounted.incrementAndGet();
                listener.blobSkipped(blob, state.name(), "mounted");
                return false;
            }
            return true;
        } catch (IOException e) {
            state.fail("checking blob " + blob.digest() + " at " + state.name() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * One read of the source, written to every sink. Returns the destinations whose sink failed; throws when the
     * source failed (then every sink is aborted).
     */
    private Map<DestinationState, IOException> streamOnce(Descriptor blob, List<DestinationState> targets)
            throws IOException {
        Map<DestinationState, IOException> failures = new LinkedHashMap<>();
        Map<DestinationState, BlobSink> sinks = new LinkedHashMap<>();
        for (DestinationState state : targets) {
            try {
                sinks.put(state, state.destination.openBlob(blob));
            } catch (IOException e) {
                failures.put(state, e);
            }
        }
        if (sinks.isEmpty()) {
            return failures;
        }
        listener.blobStarted(
                blob, sinks.keySet().stream().map(DestinationState::name).toList());
        long started = System.nanoTime();
        boolean committed = false;
        BlobSink tapped = tapFor(blob);
        try {
            MessageDigest hasher = blob.digest().newHasher();
            long total = 0;
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = source.openBlob(blob)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                    if (total > blob.size()) {
                        throw mismatch(blob, "more than " + blob.size() + " bytes");
                    }
                    hasher.update(buffer, 0, n);
                    if (tapped != null) {
                        tapped.write(buffer, 0, n);
                    }
                    writeToAll(sinks, buffer, n, failures);
                    if (sinks.isEmpty()) {
                        return failures;
                    }
                }
            }
            if (total != blob.size()) {
                throw mismatch(blob, total + " bytes instead of " + blob.size());
            }
            Digest actual = Digest.of(hasher);
            if (!actual.equals(blob.digest())) {
                throw mismatch(blob, "bytes with digest " + actual);
            }
            for (Map.Entry<DestinationState, BlobSink> entry : sinks.entrySet()) {
                DestinationState state = entry.getKey();
                try {
                    entry.getValue().commit();
                    state.bytesUploaded.addAndGet(entry.getValue().bytesUploaded());
                    state.blobsCopied.incrementAndGet();
                } catch (IOException e) {
                    entry.getValue().abort();
                    failures.put(state, e);
                }
            }
            if (tapped != null) {
                tapped.commit();
            }
            committed = true;
        } finally {
            if (!committed) {
                sinks.values().forEach(BlobSink::abort);
                if (tapped != null) {
                    tapped.abort();
                }
            }
        }
        listener.blobCopied(blob, (System.nanoTime() - started) / 1_000_000);
        return failures;
    }

    private BlobSink tapFor(Descriptor blob) {
        try {
            return tap.wants(blob) ? new TapSink(tap, blob, tapThreads) : null;
        } catch (RuntimeException e) {
            return null; // the copy never depends on a tap
        }
    }

    private static void writeToAll(
            Map<DestinationState, BlobSink> sinks, byte[] buffer, int n, Map<DestinationState, IOException> failures) {
        Iterator<Map.Entry<DestinationState, BlobSink>> it = sinks.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<DestinationState, BlobSink> entry = it.next();
            try {
                entry.getValue().write(buffer, 0, n);
            } catch (IOException e) {
                entry.getValue().abort();
                failures.put(entry.getKey(), e);
                it.remove();
            }
        }
    }

    private BlobMismatchException mismatch(Descriptor blob, String what) {
        return new BlobMismatchException("copying blob " + blob.digest() + " from " + source.describe()
                + ": the source sent " + what + ", but the manifest says " + blob.digest() + " (" + blob.size()
                + " bytes); the source is corrupt or changed while it was read; nothing that refers to this blob"
                + " was pushed");
    }

    /** The source's bytes do not match their descriptor: never retried, never pushed. */
    static final class BlobMismatchException extends IOException {
        BlobMismatchException(String message) {
            super(message);
        }
    }
}
