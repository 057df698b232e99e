package io.jenkins.plugins.imagemirror.core.archive;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One parsed 512-byte tar header (V7, USTAR or GNU), checksum verified. */
record TarHeader(String name, char type, long size, String linkName) {

    static TarHeader parse(byte[] h, long position, String where) throws ArchiveFormatException {
        long stored;
        try {
            stored = parseOctal(h, 148, 8);
        } catch (NumberFormatException e) {
            throw new ArchiveFormatException(
                    where + ": not a tar header at byte " + position + " (bad checksum field)");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < h.length; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new ArchiveFormatException(where + ": header at byte " + position + " has checksum " + stored
                    + ", computed " + unsigned + " (corrupt, or not a tar file)");
        }
        String name = string(h, 0, 100);
        String magic = new String(h, 257, 6, StandardCharsets.US_ASCII);
        if (magic.equals("ustar\0")) {
            String prefix = string(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        long size;
        try {
            size = parseNumber(h, 124, 12);
        } catch (NumberFormatException e) {
            throw new ArchiveFormatException(
                    where + ": entry '" + name + "' at byte " + position + " has an unreadable size field");
        }
        if (size < 0) {
            throw new ArchiveFormatException(where + ": entry '" + name + "' has a negative size");
        }
        return new TarHeader(name, (char) (h[156] & 0xff), size, string(h, 157, 100));
    }

    /** Parses PAX records {@code "<len> key=value\n"}. */
    static Map<String, String> parsePax(byte[] data, String where) throws ArchiveFormatException {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                if (data[pos] == 0) {
                    break; // NUL padding after the last record
                }
                throw new ArchiveFormatException(where + ": malformed PAX record at offset " + pos);
            }
            if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                throw new ArchiveFormatException(where + ": malformed PAX record at offset " + pos);
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals <= 0) {
                throw new ArchiveFormatException(where + ": malformed PAX record '" + record + "'");
            }
            records.put(record.substring(0, equals), record.substring(equals + 1));
            pos += length;
        }
        return records;
    }

    static String typeName(char type) {
        return switch (type) {
            case '3' -> "character device";
            case '4' -> "block device";
            case '6' -> "fifo";
            case 'S' -> "GNU sparse file";
            case 'V' -> "GNU volume header";
            case 'M' -> "GNU multi-volume continuation";
            default -> "unknown entry type";
        };
    }

    private static String string(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** Octal, or GNU base-256 (first byte's high bit set) for sizes past 8 GiB. */
    private static long parseNumber(byte[] h, int offset, int length) {
        if ((h[offset] & 0x80) != 0) {
            if ((h[offset] & 0x40) != 0) {
                return -1; // negative base-256
            }
            long value = h[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw new NumberFormatException("overflow");
                }
                value = (value << 8) | (h[offset + i] & 0xff);
            }
            return value;
        }
        return parseOctal(h, offset, length);
    }

    private static long parseOctal(byte[] h, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        long value = 0;
        boolean any = false;
        for (; i < end && h[i] != ' ' && h[i] != 0; i++) {
            if (h[i] < '0' || h[i] > '7' || value > (Long.MAX_VALUE >> 3)) {
                throw new NumberFormatException("not octal");
            }
            value = value * 8 + (h[i] - '0');
            any = true;
        }
        if (!any) {
            return 0;
        }
        return value;
    }
}
