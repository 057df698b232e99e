package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Layer scans kept for later reports in the same JVM, by layer digest: a layer is a sha256 content address, and its
 * scan (sizes, entry counts, what it does to lower files) a pure function of its bytes, so a report that meets the
 * layer again needs not read and decompress it again. This is what a Jenkins agent gains from running one step
 * after another: a mirror whose destination already holds the image reports its sizes without reading back every
 * layer. Only scans whose bytes were checked against a sha256 digest are kept. It also keeps what replaying an
 * image's layers found ({@link LayerChain}): a report of an image seen before needs only the layers' stats, not the
 * paths of their files. {@link #withFiles} keeps both beyond the JVM too.
 *
 * <p>Bounded: at most {@code maxBytes} of estimated heap (paths and sizes of the layers' entries, never content),
 * least recently used first out; a layer heavier than a quarter of the bound is not kept. Thread-safe.
 */
public final class LayerScanCache {
    private static final long SHARED_MAX_BYTES =
            Math.min(8L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 32);
    private static final LayerScanCache SHARED = new LayerScanCache(SHARED_MAX_BYTES);

    private record Key(Digest digest, String mediaType, long size, int largestFiles) {
        // as the record's own, written out: no ObjectMethods bootstrap on the first step (see Digest#hashCode)
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(digest, k.digest)
                    && Objects.equals(mediaType, k.mediaType)
                    && size == k.size
                    && largestFiles == k.largestFiles;
        }

        @Override
        public int hashCode() {
            return ((31 * Objects.hashCode(digest) + Objects.hashCode(mediaType)) * 31 + Long.hashCode(size)) * 31
                    + largestFiles;
        }
    }

    private final Memory memory;
    private final LayerScanFiles files;

    public LayerScanCache(long maxBytes) {
        this(new Memory(maxBytes), null);
    }

    private LayerScanCache(Memory memory, LayerScanFiles files) {
        this.memory = memory;
        this.files = files;
    }

    /** The one of this JVM (of this class loader: the plugin's, on an agent): 1/32 of the heap, at most 8 MiB. */
    public static LayerScanCache shared() {
        return SHARED;
    }

    /**
     * This cache (the same memory), backed by scan files in {@code directory} too, at most
     * {@link LayerScanFiles#MAX_BYTES} of them: scans outlive the JVM, so that a fresh agent JVM reports an image
     * mirrored before from the same workspace without reading its layers back. Whoever can write the directory
     * can change the reports made with it: give it a directory of the job's own (Jenkins: the workspace's
     * {@code @tmp}).
     */
    public LayerScanCache withFiles(Path directory) {
        return new LayerScanCache(memory, new LayerScanFiles(directory, LayerScanFiles.MAX_BYTES));
    }

    /**
     * Whether a report (with {@link LayerAnalyzer#DEFAULT_LARGEST_FILES}) would have to read this blob: a gzip, zstd
     * or OCI tar layer addressed by sha256 that this cache has not scanned; see {@link #scanVerified}.
     */
    public boolean lacks(Descriptor blob) {
        String type = blob.mediaType();
        boolean layer =
                MediaType.isGzipLayer(type) || MediaType.isZstdLayer(type) || MediaType.OCI_LAYER_TAR.equals(type);
        return layer
                && blob.digest().algorithm().equals("sha256")
                && get(blob, LayerAnalyzer.DEFAULT_LARGEST_FILES) == null;
    }

    /**
     * Scans a layer from bytes read elsewhere and keeps the scan, exactly as a report's own read of the layer would:
     * one read of the source serves a copy and its report. The caller has checked the bytes against the layer's
     * sha256 before {@code bytes} ends (core.copy's BlobTap: the copier verifies each blob before its tap's stream
     * ends, and fails the stream otherwise), so they are not hashed again; their count is checked here.
     */
    public void scanVerified(Descriptor layer, InputStream bytes) throws IOException {
        int largest = LayerAnalyzer.DEFAULT_LARGEST_FILES;
        put(layer, largest, new LayerScanner(largest).scan(0, layer, bytes, true));
    }

    LayerScanner.Scan get(Descriptor layer, int largestFiles) {
        LayerScanner.Scan scan = memory.get(key(layer, largestFiles));
        if (scan != null && scan.events() == null) {
            scan = null; // its stats alone (see #stats): the events are in the file, if anywhere
        }
        if (scan == null && files != null && layer.digest().algorithm().equals("sha256")) {
            scan = files.read(layer, largestFiles);
            if (scan != null) {
                memory.put(key(layer, largestFiles), scan);
            }
        }
        return scan;
    }

    void put(Descriptor layer, int largestFiles, LayerScanner.Scan scan) {
        if (!layer.digest().algorithm().equals("sha256")) {
            return;
        }
        memory.put(key(layer, largestFiles), scan);
        if (files != null) {
            files.write(layer, largestFiles, scan);
        }
    }

    /**
     * The stats of a layer scanned before, without reading its events from a file (a report whose chain this cache
     * knows replays nothing); null when neither memory nor a file has the layer.
     */
    LayerStats stats(Descriptor layer, int largestFiles) {
        LayerScanner.Scan scan = memory.get(key(layer, largestFiles));
        if (scan != null) {
            return scan.stats();
        }
        LayerStats stats = files != null && layer.digest().algorithm().equals("sha256")
                ? files.readStats(layer, largestFiles)
                : null;
        if (stats != null) {
            memory.put(key(layer, largestFiles), new LayerScanner.Scan(stats, null));
        }
        return stats;
    }

    /** What later layers hide of each layer of {@code chain}, as an earlier report found it; else null. */
    long[] hiddenBytes(LayerChain chain) {
        long[] hidden = memory.chain(chain.key());
        if (hidden == null && files != null) {
            hidden = files.readChain(chain);
            if (hidden != null) {
                memory.putChain(chain.key(), hidden);
            }
        }
        return hidden == null ? null : hidden.clone();
    }

    /** Keeps what a replay of {@code chain} found, in memory and (when this cache has them) in files. */
    void putHiddenBytes(LayerChain chain, long[] hidden) {
        memory.putChain(chain.key(), hidden.clone());
        if (files != null) {
            files.writeChain(chain, hidden);
        }
    }

    /** Estimated heap held, in bytes. */
    long bytes() {
        return memory.bytes();
    }

    private static Key key(Descriptor layer, int largestFiles) {
        return new Key(layer.digest(), layer.mediaType(), layer.size(), largestFiles);
    }

    /** The scans in memory, least recently used first out; and the chains' results, {@link #MAX_CHAINS} at most. */
    private static final class Memory {
        /** A chain's result is a few longs and its key a line per layer: this is well under a megabyte. */
        private static final int MAX_CHAINS = 1024;
        /** The heap of a layer's stats without events, estimated: the record, its digests and largest files. */
        private static final long STATS_BYTES = 2048;

        private final long maxBytes;
        private final Map<Key, LayerScanner.Scan> scans = new LinkedHashMap<>(16, 0.75f, true);
        private final Map<String, long[]> chains = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        Memory(long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
            }
            this.maxBytes = maxBytes;
        }

        synchronized LayerScanner.Scan get(Key key) {
            return scans.get(key);
        }

        synchronized void put(Key key, LayerScanner.Scan scan) {
            long weight = weight(scan);
            if (weight > maxBytes / 4) {
                return;
            }
            LayerScanner.Scan old = scans.put(key, scan);
            bytes += weight - (old == null ? 0 : weight(old));
            for (Iterator<LayerScanner.Scan> eldest = scans.values().iterator();
                    bytes > maxBytes && eldest.hasNext(); ) {
                bytes -= weight(eldest.next());
                eldest.remove();
            }
        }

        /** A scan's events dominate its weight; a layer's stats alone (no events) weigh {@link #STATS_BYTES}. */
        private static long weight(LayerScanner.Scan scan) {
            return scan.events() == null ? STATS_BYTES : scan.events().weightBytes();
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized long[] chain(String key) {
            return chains.get(key);
        }

        synchronized void putChain(String key, long[] hidden) {
            chains.put(key, hidden);
            for (Iterator<long[]> eldest = chains.values().iterator();
                    chains.size() > MAX_CHAINS && eldest.hasNext(); ) {
                eldest.next();
                eldest.remove();
            }
        }
    }
}
