package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer scans kept as files, by layer digest, so that they outlive the JVM: an agent restarted (or a fresh agent
 * JVM on the same workspace) reports the sizes of an image it mirrored before without reading its layers back.
 * A file holds what {@link LayerScanCache} holds in memory (sizes, counts, paths; never content), is written to a
 * temporary file and renamed, and is only used when it names the same digest, media type, size and number of
 * largest files as the layer asked for; anything unreadable is ignored and deleted (it is a cache). Beside them,
 * {@code .chain} files keep what replaying an image's layers found ({@link LayerChain}), so that a fresh JVM reports
 * an image seen before from the layers' stats alone, without reading their events.
 *
 * <p>Bounded: at most {@link #MAX_BYTES} of scan files and {@link #MAX_CHAIN_BYTES} of chain files; the least
 * recently used go first.
 */
final class LayerScanFiles {
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final int MAGIC = 0x494d5331; // "IMS1"; change it when the format changes
    private static final int END = 0x454e4421;

    /** Chain files are a few hundred bytes each: this holds thousands of images. */
    static final long MAX_CHAIN_BYTES = 1024L * 1024;

    private static final int CHAIN_MAGIC = 0x494d4331; // "IMC1"

    private final CacheDirectory files;
    private final CacheDirectory chains;

    LayerScanFiles(Path directory, long maxBytes) {
        this.files = new CacheDirectory(directory, ".scan", maxBytes);
        this.chains = new CacheDirectory(directory, ".chain", MAX_CHAIN_BYTES);
    }

    /** The scan kept for this layer, or null. */
    LayerScanner.Scan read(Descriptor layer, int largestFiles) {
        return read(layer, largestFiles, true);
    }

    /** The layer's stats alone (its events are not read: a report whose chain is known needs no replay), or null. */
    LayerStats readStats(Descriptor layer, int largestFiles) {
        LayerScanner.Scan scan = read(layer, largestFiles, false);
        return scan == null ? null : scan.stats();
    }

    /** What later layers hide of each layer of {@code chain}, as {@link #writeChain} kept it, or null. */
    long[] readChain(LayerChain chain) {
        return chains.read(chain.name(), in -> {
            if (in.readInt() != CHAIN_MAGIC || !in.readUTF().equals(chain.key())) {
                return null; // another chain whose key hashes alike: not this one's, kept
            }
            long[] hidden = new long[in.readInt()];
            if (hidden.length != chain.size()) {
                throw new IOException("a chain of " + hidden.length + " layers for " + chain.size());
            }
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] = in.readLong();
            }
            if (in.readInt() != END) {
                throw new IOException("truncated");
            }
            return hidden;
        });
    }

    /** Keeps what later layers hide of each layer of {@code chain} (best effort). */
    void writeChain(LayerChain chain, long[] hidden) {
        chains.write(chain.name(), out -> {
            out.writeInt(CHAIN_MAGIC);
            out.writeUTF(chain.key());
            out.writeInt(hidden.length);
            for (long h : hidden) {
                out.writeLong(h);
            }
            out.writeInt(END);
        });
    }

    private LayerScanner.Scan read(Descriptor layer, int largestFiles, boolean withEvents) {
        return files.read(name(layer, largestFiles), in -> {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a scan file of this version");
            }
            if (!in.readUTF().equals(layer.digest().toString())
                    || !in.readUTF().equals(layer.mediaType())
                    || in.readLong() != layer.size()
                    || in.readInt() != largestFiles) {
                return null; // the same digest under another media type or size: not this layer's scan, kept
            }
            Digest diffId = Digest.parse(in.readUTF());
            long[] n = new long[11];
            for (int i = 0; i < n.length; i++) {
                n[i] = in.readLong();
            }
            int count = in.readInt();
            List<FileSize> largest = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                largest.add(new FileSize(in.readUTF(), in.readLong()));
            }
            LayerEvents events = null;
            if (withEvents) {
                events = LayerEvents.readFrom(in);
                if (in.readInt() != END) {
                    throw new IOException("truncated");
                }
            }
            return new LayerScanner.Scan(
                    new LayerStats(
                            0,
                            layer.digest(),
                            layer.mediaType(),
                            layer.size(),
                            diffId,
                            n[0],
                            n[1],
                            n[2],
                            n[3],
                            n[4],
                            n[5],
                            n[6],
                            n[7],
                            n[8],
                            n[9],
                            n[10],
                            0,
                            largest,
                            null),
                    events);
        });
    }

    /** Keeps {@code scan} (best effort: a directory that cannot be written only costs a read next time). */
    void write(Descriptor layer, int largestFiles, LayerScanner.Scan scan) {
        LayerStats s = scan.stats();
        files.write(name(layer, largestFiles), out -> {
            out.writeInt(MAGIC);
            out.writeUTF(layer.digest().toString());
            out.writeUTF(layer.mediaType());
            out.writeLong(layer.size());
            out.writeInt(largestFiles);
            out.writeUTF(s.diffId().toString());
            for (long v : new long[] {
                s.tarStreamBytes(),
                s.regularFileBytes(),
                s.symlinkTargetBytes(),
                s.files(),
                s.directories(),
                s.symlinks(),
                s.hardlinks(),
                s.whiteouts(),
                s.opaqueWhiteouts(),
                s.otherEntries(),
                s.snapshotBytesEstimate()
            }) {
                out.writeLong(v);
            }
            out.writeInt(s.largestFiles().size());
            for (FileSize f : s.largestFiles()) {
                out.writeUTF(f.path());
                out.writeLong(f.size());
            }
            scan.events().writeTo(out);
            out.writeInt(END);
        });
    }

    private static String name(Descriptor layer, int largestFiles) {
        Digest d = layer.digest();
        return d.algorithm() + "-" + d.hex() + "-" + largestFiles;
    }
}
