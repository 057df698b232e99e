package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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

    private final Path directory;
    private final long maxBytes;

    LayerScanFiles(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /** The scan kept for this layer, or null. */
    LayerScanner.Scan read(Descriptor layer, int largestFiles) {
        Path file = file(layer, largestFiles);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 65536))) {
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
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
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
        } catch (IOException | RuntimeException e) {
            delete(file);
            return null;
        }
    }

    /** Keeps {@code scan} (best effort: a directory that cannot be written only costs a read next time). */
    void write(Descriptor layer, int largestFiles, LayerScanner.Scan scan) {
        Path file = file(layer, largestFiles);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "scan-", ".tmp");
            LayerStats s = scan.stats();
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 65536))) {
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
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            trim();
        } catch (IOException | UncheckedIOException e) {
            // a path over 64 KiB of UTF-8, a full disk, a read-only workspace: the next report reads the layer
        } finally {
            if (temporary != null) {
                delete(temporary);
            }
        }
    }

    /** Deletes the least recently used files until the rest fit in {@code maxBytes}. */
    private void trim() throws IOException {
        List<Kept> kept = new ArrayList<>();
        long total = 0;
        try (Stream<Path> list = Files.list(directory)) {
            for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".scan"))
                    .toList()) {
                try {
                    Kept k = new Kept(p, Files.getLastModifiedTime(p), Files.size(p));
                    kept.add(k);
                    total += k.size();
                } catch (IOException e) {
                    // deleted meanwhile by another report
                }
            }
        }
        kept.sort(Comparator.comparing(Kept::used));
        for (int i = 0; total > maxBytes && i < kept.size(); i++) {
            delete(kept.get(i).path());
            total -= kept.get(i).size();
        }
    }

    private record Kept(Path path, FileTime used, long size) {}

    private Path file(Descriptor layer, int largestFiles) {
        Digest d = layer.digest();
        return directory.resolve(d.algorithm() + "-" + d.hex() + "-" + largestFiles + ".scan");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort
        }
    }
}
