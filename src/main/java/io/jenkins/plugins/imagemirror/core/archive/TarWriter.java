package io.jenkins.plugins.imagemirror.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a deterministic USTAR stream laid out as Go's {@code archive/tar} lays it out (the format of
 * {@code docker save} and {@code ctr export}): 512-byte headers with zero-padded octal fields, mtime 0, uid/gid 0,
 * empty user and group names, no PAX records, and two zero blocks at the end with no padding to a 10240-byte
 * record. The same entries in the same order therefore always give the same bytes, and the archive's size is
 * {@code 1024 + Σ (512 + ⌈size/512⌉·512)} (plus a PAX header, as Go adds one, for the rare name over 100 bytes,
 * such as a sha512 blob path, or entry over 8 GiB).
 */
final class TarWriter {
    static final int BLOCK = 512;
    private static final byte[] ZEROS = new byte[BLOCK];
    private static final long MAX_USTAR_SIZE = 077777777777L;

    private final WritableByteChannel out;
    private long position;

    TarWriter(WritableByteChannel out) {
        this.out = out;
    }

    TarWriter(OutputStream out) {
        this(Channels.newChannel(out));
    }

    /** A directory entry; {@code name} without the trailing slash. Mode 0755. */
    void directory(String name) throws IOException {
        entryHeader(name + "/", '5', 0755, 0);
    }

    /** A regular file of exactly {@code size} bytes read from {@code content}. Mode 0644. */
    void file(String name, long size, InputStream content) throws IOException {
        entryHeader(name, '0', 0644, size);
        byte[] buffer = new byte[256 * 1024];
        long remaining = size;
        while (remaining > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("writing tar entry " + name + ": content ended " + remaining
                        + " bytes before its size " + size);
            }
            write(ByteBuffer.wrap(buffer, 0, n));
            remaining -= n;
        }
        if (content.read() >= 0) {
            throw new IOException("writing tar entry " + name + ": content longer than its size " + size);
        }
        pad();
    }

    /**
     * A regular file copied from the first {@code size} bytes of {@code content} with
     * {@link FileChannel#transferTo} (in-kernel when both ends are files). Mode 0644.
     */
    void file(String name, long size, FileChannel content) throws IOException {
        entryHeader(name, '0', 0644, size);
        long done = 0;
        while (done < size) {
            long n = content.transferTo(done, size - done, out);
            if (n <= 0) {
                throw new IOException(
                        "writing tar entry " + name + ": its file ended after " + done + " of " + size + " bytes");
            }
            done += n;
        }
        position += size;
        pad();
    }

    void file(String name, byte[] content) throws IOException {
        entryHeader(name, '0', 0644, content.length);
        write(ByteBuffer.wrap(content));
        pad();
    }

    /** Writes the end-of-archive marker (two zero blocks); the caller closes the channel. */
    void finish() throws IOException {
        write(ByteBuffer.wrap(ZEROS));
        write(ByteBuffer.wrap(ZEROS));
    }

    /** Bytes written so far. */
    long position() {
        return position;
    }

    /** Bytes of the end-of-archive marker. */
    static final long END_BYTES = 2L * BLOCK;

    /** Bytes the entry {@link #file} writes for a file {@code name} of {@code size} bytes: headers and padding. */
    static long fileBytes(String name, long size) {
        byte[] pax = paxRecords(name, size);
        return (pax == null ? 0 : BLOCK + padded(pax.length)) + BLOCK + padded(size);
    }

    /** Bytes the entry {@link #directory} writes. */
    static long directoryBytes(String name) {
        return fileBytes(name + "/", 0);
    }

    /** The size of an archive holding files of these sizes and {@code directories} directories (short names). */
    static long archiveSize(int directories, long... fileSizes) {
        long total = END_BYTES + (long) directories * BLOCK;
        for (long size : fileSizes) {
            total += BLOCK + padded(size);
        }
        return total;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer);
        }
    }

    private void pad() throws IOException {
        int rest = (int) (position % BLOCK);
        if (rest != 0) {
            write(ByteBuffer.wrap(ZEROS, 0, BLOCK - rest));
        }
    }

    /**
     * The entry's header; preceded, as Go does, by a PAX header when the name is longer than USTAR's 100 bytes
     * ({@code blobs/sha512/<128 hex>}) or the size exceeds USTAR's 8 GiB. Only then: no PAX noise otherwise.
     */
    private void entryHeader(String name, char type, int mode, long size) throws IOException {
        byte[] pax = paxRecords(name, size);
        if (pax != null) {
            int slash = name.lastIndexOf('/', name.length() - 2);
            String paxName = truncate(name.substring(0, slash + 1) + "PaxHeaders.0/" + name.substring(slash + 1));
            write(ByteBuffer.wrap(header(paxName, 'x', 0644, pax.length)));
            write(ByteBuffer.wrap(pax));
            pad();
        }
        boolean longName = name.getBytes(StandardCharsets.UTF_8).length > 100;
        write(ByteBuffer.wrap(header(longName ? truncate(name) : name, type, mode, size > MAX_USTAR_SIZE ? 0 : size)));
    }

    /** The PAX records an entry needs (a name over 100 bytes, a size over 8 GiB), or null when USTAR suffices. */
    private static byte[] paxRecords(String name, long size) {
        boolean longName = name.getBytes(StandardCharsets.UTF_8).length > 100;
        boolean bigSize = size > MAX_USTAR_SIZE;
        if (!longName && !bigSize) {
            return null;
        }
        StringBuilder records = new StringBuilder();
        if (longName) {
            records.append(paxRecord("path", name));
        }
        if (bigSize) {
            records.append(paxRecord("size", Long.toString(size)));
        }
        return records.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "<length> key=value\n"}, the length counting itself. */
    static String paxRecord(String key, String value) {
        int body = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
        int length = body + 1;
        while (Integer.toString(length).length() + body != length) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static String truncate(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 100 ? name : new String(bytes, 0, 100, StandardCharsets.US_ASCII);
    }

    /** One USTAR header block; {@code name} at most 100 bytes, {@code size} at most 8 GiB - 1. */
    static byte[] header(String name, char type, int mode, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        if (size < 0 || size > MAX_USTAR_SIZE) {
            throw new IllegalArgumentException("tar entry " + name + ": size " + size + " does not fit USTAR (8 GiB)");
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0); // mtime: the epoch, for reproducible bytes
        h[156] = (byte) type;
        byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        h[263] = '0';
        h[264] = '0';
        octal(h, 329, 8, 0); // devmajor
        octal(h, 337, 8, 0); // devminor
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum); // six digits and a NUL, then the space already there
        return h;
    }

    /** Zero-padded octal in {@code length - 1} digits followed by a NUL, as Go writes numeric fields. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
        h[offset + length - 1] = 0;
    }
}
