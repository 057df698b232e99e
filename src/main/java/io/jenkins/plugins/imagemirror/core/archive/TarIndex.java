package io.jenkins.plugins.imagemirror.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict, read-only index of a tar file: headers are scanned once, then entries are read in place as byte
 * ranges through positional {@link FileChannel} reads.
 *
 * <p>Why an index and not extraction: nothing is written to disk (a multi-GB image is not copied a second time),
 * no file system object is ever created from archive names or links (so traversal and link attacks have nothing to
 * act on), and positional reads are thread-safe, so several blobs can be read at once.
 *
 * <p>Rejected, with an {@link ArchiveFormatException} naming the entry: absolute names, {@code ..} components,
 * duplicate names, symlinks and hard links that point outside the archive, device/fifo/sparse entries, PAX and GNU
 * long-name headers over {@value #MAX_EXTENDED_HEADER} bytes, bad checksums, truncated data, more than
 * {@value #MAX_ENTRIES} entries, and compressed tar files.
 */
final class TarIndex implements AutoCloseable {
    static final int MAX_EXTENDED_HEADER = 64 * 1024;
    static final int MAX_ENTRIES = 100_000;
    private static final int MAX_LINK_HOPS = 16;

    enum Type {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK
    }

    /** One entry; {@code name} normalised (no leading {@code ./}, no trailing {@code /}). */
    record Entry(String name, Type type, long offset, long size, String linkTarget) {}

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Entry> entries;

    private TarIndex(Path file, FileChannel channel, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
    }

    static TarIndex open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new TarIndex(file, channel, Collections.unmodifiableMap(scan(file, channel)));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Every entry, in archive order. */
    Map<String, Entry> entries() {
        return entries;
    }

    /** The regular file named {@code name}, following links inside the archive; null when absent. */
    Entry resolveFile(String name) throws ArchiveFormatException {
        Entry entry = entries.get(name);
        for (int hop = 0; entry != null && hop <= MAX_LINK_HOPS; hop++) {
            switch (entry.type()) {
                case FILE:
                    return entry;
                case DIRECTORY:
                    throw new ArchiveFormatException(where() + ": entry '" + name + "' is a directory, not a file");
                default:
                    entry = entries.get(entry.linkTarget());
            }
        }
        if (entry != null) {
            throw new ArchiveFormatException(
                    where() + ": entry '" + name + "': more than " + MAX_LINK_HOPS + " links (a loop?)");
        }
        return null;
    }

    /** Opens an entry's data; thread-safe, each stream keeps its own position. */
    InputStream open(Entry entry) {
        return new RangeInputStream(channel, entry.offset(), entry.size());
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private String where() {
        return "reading tar " + file;
    }

    private static Map<String, Entry> scan(Path file, FileChannel channel) throws IOException {
        String where = "reading tar " + file;
        long length = channel.size();
        Map<String, Entry> entries = new LinkedHashMap<>();
        ByteBuffer block = ByteBuffer.allocate(TarWriter.BLOCK);
        long position = 0;
        String longName = null;
        String longLink = null;
        Map<String, String> pax = Map.of();
        while (true) {
            block.clear();
            if (readFully(channel, block, position) < TarWriter.BLOCK) {
                if (position == 0 && length == 0) {
                    throw new ArchiveFormatException(where + ": empty file, not a tar archive");
                }
                throw new ArchiveFormatException(
                        where + ": truncated at byte " + position + " (no end-of-archive marker)");
            }
            byte[] h = block.array();
            if (position == 0 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) {
                throw new ArchiveFormatException(where + ": gzip-compressed; image archives are plain tar files"
                        + " (decompress it first, e.g. gunzip)");
            }
            if (isZero(h)) {
                if (longName != null || longLink != null || !pax.isEmpty()) {
                    throw new ArchiveFormatException(
                            where + ": extended header at the end of the archive with no" + " entry after it");
                }
                return entries;
            }
            TarHeader header = TarHeader.parse(h, position, where);
            long dataOffset = position + TarWriter.BLOCK;
            long size = header.size();
            if (pax.containsKey("size")) {
                size = parsePaxSize(pax.get("size"), where, header.name());
            }
            if (dataOffset + size > length) {
                throw new ArchiveFormatException(where + ": entry '" + header.name() + "' declares " + size
                        + " bytes but the file ends first (truncated)");
            }
            long next = dataOffset + (size + TarWriter.BLOCK - 1) / TarWriter.BLOCK * TarWriter.BLOCK;
            switch (header.type()) {
                case 'x':
                    pax = TarHeader.parsePax(readExtended(channel, dataOffset, size, where, "PAX"), where);
                    position = next;
                    continue;
                case 'g':
                    readExtended(channel, dataOffset, size, where, "global PAX"); // bounded, then ignored
                    position = next;
                    continue;
                case 'L':
                    longName = cString(readExtended(channel, dataOffset, size, where, "GNU long name"));
                    position = next;
                    continue;
                case 'K':
                    longLink = cString(readExtended(channel, dataOffset, size, where, "GNU long link"));
                    position = next;
                    continue;
                default:
                    break;
            }
            String rawName = pax.getOrDefault("path", longName != null ? longName : header.name());
            String rawLink = pax.getOrDefault("linkpath", longLink != null ? longLink : header.linkName());
            pax = Map.of();
            longName = null;
            longLink = null;
            Type type = switch (header.type()) {
                case '0', '\0', '7' -> Type.FILE;
                case '5' -> Type.DIRECTORY;
                case '2' -> Type.SYMLINK;
                case '1' -> Type.HARDLINK;
                default ->
                    throw new ArchiveFormatException(where + ": entry '" + rawName + "' has type '"
                            + printable(header.type()) + "' (" + TarHeader.typeName(header.type())
                            + "), not allowed in an image archive");
            };
            String name = TarNames.normalize(rawName, where);
            String link = null;
            if (type == Type.SYMLINK) {
                link = TarNames.resolveSymlink(name, rawLink, where);
            } else if (type == Type.HARDLINK) {
                link = TarNames.resolveHardlink(name, rawLink, where);
                if (!entries.containsKey(link)) {
                    throw new ArchiveFormatException(
                            where + ": hard link '" + name + "' -> '" + rawLink + "' names no earlier entry");
                }
            }
            if (entries.containsKey(name)) {
                throw new ArchiveFormatException(where + ": duplicate entry '" + name + "'");
            }
            if (entries.size() >= MAX_ENTRIES) {
                throw new ArchiveFormatException(where + ": more than " + MAX_ENTRIES + " entries");
            }
            entries.put(name, new Entry(name, type, dataOffset, type == Type.FILE ? size : 0, link));
            position = next;
        }
    }

    private static byte[] readExtended(FileChannel channel, long offset, long size, String where, String what)
            throws IOException {
        if (size > MAX_EXTENDED_HEADER) {
            throw new ArchiveFormatException(where + ": " + what + " header of " + size + " bytes at byte "
                    + (offset - TarWriter.BLOCK) + " exceeds the " + MAX_EXTENDED_HEADER + "-byte limit");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        readFully(channel, buffer, offset);
        return buffer.array();
    }

    private static long parsePaxSize(String value, String where, String name) throws ArchiveFormatException {
        try {
            long size = Long.parseLong(value);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new ArchiveFormatException(where + ": entry '" + name + "': bad PAX size '" + value + "'");
        }
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }
}
