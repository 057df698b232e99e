package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies one image from a source to any number of destinations, keeping the digest: manifest and index bytes are
 * written verbatim. When every destination already holds the root digest, only the source's root is resolved
 * (a HEAD on a registry) and no manifest or blob is read.
 *
 * <p>Reads each blob once, whatever the number of destinations: the source may be rate-limited. One stream is
 * verified (size and digest) as it is written to every destination that lacks the blob; only after a transport
 * failure at one destination is the source read again, for that destination alone. Memory: one 64 KiB buffer per
 * blob in flight ({@link CopyOptions#jobs()}), plus what each destination's sink holds (bounded).
 *
 * <p>A destination that fails is reported and the others complete. A failure of the source itself (unreadable,
 * or bytes that do not match their digest) fails every destination that needed that blob, and nothing that
 * depends on it is pushed: manifests go last, after all their blobs.
 */
public final class ImageCopier {
    private static final long IN_FLIGHT_WAIT_SECONDS = 120;

    private final CopyOptions options;
    private final CopyListener listener;
    private final BlobTap tap;

    public ImageCopier(CopyOptions options, CopyListener listener) {
        this(options, listener, BlobTap.NONE);
    }

    /** @param tap sees each blob's bytes as they stream to the destinations (see {@link BlobTap}) */
    public ImageCopier(CopyOptions options, CopyListener listener, BlobTap tap) {
        this.options = options;
        this.listener = listener == null ? CopyListener.NONE : listener;
        this.tap = tap == null ? BlobTap.NONE : tap;
    }

    /**
     * Copies and closes nothing: the caller owns {@code source} and {@code destinations}, and must close them
     * (a destination closed without commit discards what it staged).
     *
     * @throws IOException when the source cannot be read or does not have the asked-for platforms; failures of
     *                     single destinations are in the result instead
     */
    public CopyResult copy(ImageSource source, List<? extends ImageDestination> destinations) throws IOException {
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("copying " + source.describe() + ": no destination given");
        }
        Descriptor sourceRoot = source.resolve();
        listener.resolved(source.describe(), sourceRoot);
        List<DestinationState> states = new ArrayList<>();
        for (ImageDestination destination : destinations) {
            states.add(new DestinationState(destination));
        }
        if (options.platforms().isEmpty() && checkPresent(states, sourceRoot)) {
            return finish(sourceRoot.digest(), sourceRoot, null, states);
        }
        ManifestContent sourceContent = source.manifest(sourceRoot);
        PlatformSelection selection = PlatformSelection.select(source, sourceContent, options.platforms());
        ManifestContent root = selection.root();
        if (!root.digest().equals(sourceRoot.digest())) {
            listener.info(selection.explanation());
            if (checkPresent(states, root.descriptor())) {
                return finish(sourceRoot.digest(), root.descriptor(), root, states);
            }
        }
        List<ManifestContent> children = new ArrayList<>();
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        collect(source, root, children, blobs);
        transferAll(source, blobs, states);
        for (DestinationState state : states) {
            if (state.status == null) {
                state.writeManifests(children, root);
            }
        }
        return finish(sourceRoot.digest(), root.descriptor(), root, states);
    }

    /** Marks destinations that already hold {@code root}; true when none is left to write. */
    private boolean checkPresent(List<DestinationState> states, Descriptor root) {
        boolean allDone = true;
        for (DestinationState state : states) {
            if (state.status != null) {
                continue;
            }
            try {
                if (state.destination.hasRoot(root)) {
                    state.status = DestinationResult.Status.PRESENT;
                } else {
                    allDone = false;
                }
            } catch (IOException e) {
                state.fail(e.getMessage());
            }
        }
        return allDone;
    }

    /** Children before parents, so that a registry never sees a manifest whose parts are missing. */
    private static void collect(
            ImageSource source, ManifestContent content, List<ManifestContent> children, Map<Digest, Descriptor> blobs)
            throws IOException {
        if (content instanceof ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                ManifestContent childContent = source.manifest(child);
                collect(source, childContent, children, blobs);
                children.add(childContent);
            }
        } else {
            Manifest manifest = (Manifest) content;
            blobs.putIfAbsent(manifest.config().digest(), manifest.config());
            for (Descriptor layer : manifest.layers()) {
                blobs.putIfAbsent(layer.digest(), layer);
            }
        }
    }

    private void transferAll(ImageSource source, Map<Digest, Descriptor> blobs, List<DestinationState> states)
            throws IOException {
        List<Descriptor> ordered = new ArrayList<>(blobs.values());
        ordered.sort(Comparator.comparingLong(Descriptor::size).reversed()); // big ones first: better overlap
        Optional<ImageReference> from = source.registryReference();
        int threads = Math.min(options.jobs(), Math.max(1, ordered.size()));
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("image-mirror-blob-", counter));
        // about one tap thread per blob in flight: a transfer waits for its tap (an aborted one ends at its next read)
        ExecutorService tapThreads =
                tap == BlobTap.NONE ? null : Executors.newCachedThreadPool(daemon("image-mirror-blob-tap-", counter));
        BlobTransfer transfer = new BlobTransfer(source, from, options.attempts(), listener, tap, tapThreads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Descriptor blob : ordered) {
                futures.add(pool.submit(() -> {
                    transfer.transfer(blob, pending(states));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("copy from " + source.describe() + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
            awaitInFlight(pool);
            if (tapThreads != null) {
                tapThreads.shutdownNow();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix, AtomicInteger counter) {
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * After a failure, the other blobs in flight must stop before the caller closes the destinations: a transfer
     * still running would recreate an archive's staging files after close deleted them. Transfers are bounded by
     * the registries' timeouts and see the interrupt at their next write.
     */
    private static void awaitInFlight(ExecutorService pool) {
        try {
            pool.awaitTermination(IN_FLIGHT_WAIT_SECONDS, TimeUnit.SECONDS); // stuck beyond every timeout: move on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<DestinationState> pending(List<DestinationState> states) {
        List<DestinationState> pending = new ArrayList<>();
        for (DestinationState state : states) {
            if (state.status == null) {
                pending.add(state);
            }
        }
        return pending;
    }

    private CopyResult finish(
            Digest sourceDigest, Descriptor root, ManifestContent rootContent, List<DestinationState> states) {
        List<DestinationResult> results = new ArrayList<>();
        for (DestinationState state : states) {
            DestinationResult result = state.result(rootContent, root.digest());
            listener.destinationDone(result);
            results.add(result);
        }
        return new CopyResult(sourceDigest, root, results);
    }
}
