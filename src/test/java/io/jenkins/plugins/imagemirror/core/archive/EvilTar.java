package io.jenkins.plugins.imagemirror.core.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Builds tar files byte by byte, including ones no honest writer makes (for the strictness tests). */
final class EvilTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    EvilTar file(String name, byte[] content) {
        return entry(name, '0', content, null);
    }

    EvilTar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    EvilTar directory(String name) {
        return entry(name, '5', new byte[0], null);
    }

    EvilTar symlink(String name, String target) {
        return entry(name, '2', new byte[0], target);
    }

    EvilTar hardlink(String name, String target) {
        return entry(name, '1', new byte[0], target);
    }

    /** A PAX header record set for the next entry. */
    EvilTar pax(String records) {
        return entry("PaxHeaders/x", 'x', records.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Any entry; content is written as is and padded. */
    EvilTar entry(String name, char type, byte[] content, String link) {
        byte[] h = TarWriter.header(name, type, 0644, content.length);
        if (link != null) {
            byte[] l = link.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(l, 0, h, 157, l.length);
            rechecksum(h);
        }
        out.writeBytes(h);
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** A raw block (e.g. a header with a broken checksum). */
    EvilTar raw(byte[] block) {
        out.writeBytes(block);
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    Path writeTo(Path file) {
        try {
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void rechecksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String digits = String.format("%06o", sum);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
    }
}
