package io.jenkins.plugins.imagemirror.core.size;

import io.airlift.compress.zstd.ZstdInputStream;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One streaming pass over one layer blob: decompress (gzip, zstd or none, told by the magic bytes), read the tar
 * entries, count, and record what the layer does to lower layers' files ({@link LayerEvents}). Memory: the
 * directory set, the events and the {@code largest} files of this layer; never the layer's content.
 */
final class LayerScanner {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final long BLOCK = 4096;
    /** ext4 stores symlink targets shorter than 60 bytes inside the inode ("fast symlinks"). */
    private static final int EXT4_FAST_SYMLINK_MAX = 59;
    /**
     * Decompression bombs: deflate cannot expand more than ~1032:1, so no genuine gzip layer trips this; zstd
     * (RLE blocks expand 32768:1) and crafted streams can, and would cost a second of CPU per GiB they claim.
     */
    static final long MAX_EXPANSION_RATIO = 1100;
    /** Tiny layers expand more (tar headers and padding around little content): never refuse below this. */
    static final long MIN_EXPANSION_LIMIT = 64L * 1024 * 1024;

    private final int largest;

    LayerScanner(int largest) {
        this.largest = largest;
    }

    /** A layer's statistics (hidden bytes not yet known) and what it does to the files below it. */
    record Scan(LayerStats stats, LayerEvents events) {}

    /** Scans one layer; thread-safe (each call has its own state). */
    Scan scan(int index, Descriptor blob, InputStream raw) throws IOException {
        return scan(index, blob, raw, false);
    }

    /**
     * @param verified the caller has checked {@code raw}'s bytes against the blob's digest (as the copier does
     *                 before a tap's stream ends): only their count is checked here, not hashed a second time
     */
    Scan scan(int index, Descriptor blob, InputStream raw, boolean verified) throws IOException {
        CountingDigestInputStream compressed = new CountingDigestInputStream(raw, !verified);
        long limit = Math.max(
                MIN_EXPANSION_LIMIT,
                blob.size() > Long.MAX_VALUE / MAX_EXPANSION_RATIO
                        ? Long.MAX_VALUE
                        : blob.size() * MAX_EXPANSION_RATIO);
        CountingDigestInputStream tarStream =
                new CountingDigestInputStream(new ExpansionLimit(decompressor(compressed), limit, blob));
        Totals t = new Totals();
        LayerEvents events = new LayerEvents();
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            t.add(entry, events);
        }
        tarStream.drain();
        compressed.drain();
        if (compressed.count() != blob.size()) {
            throw new IOException("reading layer " + blob.digest() + ": got " + compressed.count()
                    + " bytes but the manifest says " + blob.size() + " (truncated or wrong blob)");
        }
        String actual = verified ? blob.digest().toString() : compressed.digest();
        if (blob.digest().algorithm().equals("sha256")
                && !actual.equals(blob.digest().toString())) {
            throw new IOException(
                    "reading layer " + blob.digest() + ": content hashes to " + actual + " (corrupt or wrong blob)");
        }
        long snapshot = BLOCK * (1 + t.directories.size()) + t.fileBlocks + t.slowSymlinks * BLOCK;
        return new Scan(
                new LayerStats(
                        index,
                        blob.digest(),
                        blob.mediaType(),
                        blob.size(),
                        Digest.parse(tarStream.digest()),
                        tarStream.count(),
                        t.fileBytes,
                        t.symlinkBytes,
                        t.files,
                        t.directoryEntries,
                        t.symlinks,
                        t.hardlinks,
                        t.whiteouts,
                        t.opaque,
                        t.other,
                        snapshot,
                        0,
                        t.largestFirst(),
                        null),
                events);
    }

    private static InputStream decompressor(InputStream compressed) throws IOException {
        BufferedInputStream in = new BufferedInputStream(compressed, 65536);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    /** Fails the read that takes the decompressed stream past {@code limit} bytes. */
    private static final class ExpansionLimit extends java.io.FilterInputStream {
        private final long limit;
        private final Descriptor blob;
        private long count;

        ExpansionLimit(InputStream in, long limit, Descriptor blob) {
            super(in);
            this.limit = limit;
            this.blob = blob;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && (count += n) > limit) {
                throw new IOException("layer " + blob.digest() + " expands to more than " + limit + " bytes from "
                        + blob.size() + " compressed (over " + MAX_EXPANSION_RATIO + ":1, more than any gzip layer"
                        + " can): refusing a decompression bomb");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 65536)];
            int k = read(buffer, 0, buffer.length);
            return Math.max(k, 0);
        }
    }

    /** Entry names are relative, without "./", leading or trailing slashes; the root is "". */
    static String normalize(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.equals(".") ? "" : n;
    }

    private final class Totals {
        final Set<String> directories = new HashSet<>();
        final PriorityQueue<FileSize> top = new PriorityQueue<>(
                Comparator.comparingLong(FileSize::size).thenComparing(FileSize::path, Comparator.reverseOrder()));
        long fileBytes;
        long symlinkBytes;
        long fileBlocks;
        long files;
        long directoryEntries;
        long symlinks;
        long slowSymlinks;
        long hardlinks;
        long whiteouts;
        long opaque;
        long other;

        void add(TarArchiveEntry entry, LayerEvents tracker) {
            String path = normalize(entry.getName());
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash);
            String base = path.substring(slash + 1);
            addParents(parent);
            byte flag = entry.getLinkFlag();
            if (entry.isDirectory()) {
                directoryEntries++;
                if (!path.isEmpty()) {
                    directories.add(path);
                }
                tracker.other(path, true);
            } else if (flag == TarConstants.LF_SYMLINK) {
                symlinks++;
                int targetBytes = entry.getLinkName().getBytes(StandardCharsets.UTF_8).length;
                symlinkBytes += targetBytes;
                if (targetBytes > EXT4_FAST_SYMLINK_MAX) {
                    slowSymlinks++;
                }
                tracker.other(path, false);
            } else if (flag == TarConstants.LF_LINK) {
                hardlinks++;
                tracker.other(path, false);
            } else if (base.equals(OPAQUE)) {
                opaque++;
                tracker.opaque(parent);
            } else if (base.startsWith(WHITEOUT)) {
                whiteouts++;
                tracker.whiteout(
                        parent.isEmpty()
                                ? base.substring(WHITEOUT.length())
                                : parent + "/" + base.substring(WHITEOUT.length()));
            } else if (flag == TarConstants.LF_NORMAL
                    || flag == TarConstants.LF_OLDNORM
                    || flag == TarConstants.LF_CONTIG) {
                long size = entry.getSize();
                files++;
                fileBytes += size;
                fileBlocks += (size + BLOCK - 1) / BLOCK * BLOCK;
                tracker.file(path, size);
                top.add(new FileSize(path, size));
                if (top.size() > largest) {
                    top.poll();
                }
            } else {
                other++;
                tracker.other(path, false);
            }
        }

        private void addParents(String directory) {
            String d = directory;
            while (!d.isEmpty() && directories.add(d)) {
                int slash = d.lastIndexOf('/');
                d = slash < 0 ? "" : d.substring(0, slash);
            }
        }

        List<FileSize> largestFirst() {
            List<FileSize> list = new ArrayList<>(top);
            list.sort(top.comparator().reversed());
            return list;
        }
    }
}
