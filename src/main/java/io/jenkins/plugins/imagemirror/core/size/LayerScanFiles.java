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
 * largest files as the layer asked for; anything unreadable is ignored and deleted (it is a cache).
 *
 * <p>Bounded: at most {@link #MAX_BYTES} of files; the least recently used go first.
 */
final class LayerScanFiles {
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final int MAGIC = 0x494d5331; // "IMS1"; change it when the format changes
    private static final int END = 0x454e4421;

    private final CacheDirectory files;

    LayerScanFiles(Path directory, long maxBytes) {
        this.files = new CacheDirectory(directory, ".scan", maxBytes);
    }

    /** The scan kept for this layer, or null. */
    LayerScanner.Scan read(Descriptor layer, int largestFiles) {
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
            LayerEvents events = LayerEvents.readFrom(in);
            if (in.readInt() != END) {
                throw new IOException("truncated");
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
