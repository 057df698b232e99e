package io.jenkins.plugins.imagemirror.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.archive.DockerArchiveReader;
import io.jenkins.plugins.imagemirror.core.archive.OciArchiveReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile archives, written header by header (no tar library normalises the evil away): every reader refuses
 * them at open, with a message naming the archive and the offending entry, before reading any blob.
 */
class MaliciousArchiveTest {
    private static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";
    private static final String INDEX = "{\"schemaVersion\":2,\"manifests\":[]}";
    private static final String HEX = "abababababababababababababababababababababababababababababababab";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "path traversal            | 0 | ../escaped.txt            |                      | contains '..'",
                "traversal inside blobs    | 0 | blobs/sha256/../../x      |                      | contains '..'",
                "absolute path             | 0 | /etc/cron.d/evil          |                      | has an absolute path",
                "symlink out of the root   | 2 | blobs/sha256/" + HEX
                        + " | ../../../etc/passwd  | symlink 'blobs/sha256/" + HEX + "'",
                "absolute symlink          | 2 | blobs/sha256/" + HEX
                        + " | /etc/passwd          | symlink 'blobs/sha256/" + HEX + "'",
                "hard link out of the root | 1 | blobs/sha256/" + HEX
                        + " | ../outside           | hard link 'blobs/sha256/" + HEX + "'",
                "hard link to nothing      | 1 | blobs/sha256/" + HEX
                        + " | blobs/sha256/missing | names no earlier entry",
                "device node               | 3 | dev/sda                   |                      | not allowed in an image archive",
            })
    void hostileEntriesAreRefused(String what, char type, String name, String link, String message) throws IOException {
        Path archive = tmp.resolve("evil.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            file(out, "oci-layout", LAYOUT);
            file(out, "index.json", INDEX);
            out.write(header(name, type == '0' ? 6 : 0, type, link == null ? "" : link));
            if (type == '0') {
                out.write(pad("gotcha".getBytes(StandardCharsets.UTF_8)));
            }
            out.write(new byte[1024]);
        }

        assertRefused(archive, message);
    }

    @Test
    void oversizedPaxAndLongNameHeadersAreRefusedWithoutReadingThem() throws IOException {
        for (char type : new char[] {'x', 'L'}) {
            Path archive = tmp.resolve("huge-" + type + ".tar");
            long declared = 1L << 30; // 1 GiB of "header" that is not even there
            try (OutputStream out = Files.newOutputStream(archive)) {
                file(out, "oci-layout", LAYOUT);
                out.write(header(type == 'x' ? "PaxHeaders/x" : "././@LongLink", declared, type, ""));
                out.write(new byte[64 * 1024]);
                out.write(new byte[1024]);
            }
            assertRefused(archive, "declares " + declared + " bytes but the file ends first");

            Path big = tmp.resolve("big-" + type + ".tar");
            int size = 70 * 1024; // present, but over the 64 KiB limit for extended headers
            try (OutputStream out = Files.newOutputStream(big)) {
                file(out, "oci-layout", LAYOUT);
                byte[] content =
                        ("path=" + "a/".repeat(size / 2)).substring(0, size).getBytes(StandardCharsets.UTF_8);
                out.write(header(type == 'x' ? "PaxHeaders/x" : "././@LongLink", content.length, type, ""));
                out.write(pad(content));
                file(out, "index.json", INDEX);
                out.write(new byte[1024]);
            }
            assertRefused(big, "exceeds the 65536-byte limit");
        }
    }

    @Test
    void aGzipBombIsRefusedAtItsFirstBytesWithoutInflatingIt() throws IOException {
        Path bomb = tmp.resolve("bomb.tar");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 65536)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 256; i++) {
                out.write(zeros); // 256 MiB of zeros in about 250 KiB
            }
        }
        assertThat(Files.size(bomb)).isLessThan(1024 * 1024);

        assertRefused(bomb, "gzip-compressed; image archives are plain tar files");

        // nothing was inflated, whatever the machine's speed: the same gzip header followed by bytes that are no
        // deflate stream gets the same answer (inflating would have failed on them with another message)
        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(bomb), 10);
        Path notDeflate = tmp.resolve("not-deflate.tar");
        Files.write(notDeflate, header);
        byte[] garbage = new byte[64 * 1024];
        java.util.Arrays.fill(garbage, (byte) 0xff); // 0xff starts no valid deflate block
        Files.write(notDeflate, garbage, java.nio.file.StandardOpenOption.APPEND);
        assertRefused(notDeflate, "gzip-compressed; image archives are plain tar files");
    }

    private static void assertRefused(Path archive, String message) {
        assertThatThrownBy(() -> OciArchiveReader.open(archive).close())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("reading tar " + archive + ": ")
                .hasMessageContaining(message);
        assertThatThrownBy(() -> DockerArchiveReader.open(archive).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(archive.toString())
                .hasMessageContaining(message);
    }

    private static void file(OutputStream out, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        out.write(header(name, bytes.length, '0', ""));
        out.write(pad(bytes));
    }

    private static byte[] pad(byte[] content) {
        byte[] padded = new byte[(content.length + 511) / 512 * 512];
        System.arraycopy(content, 0, padded, 0, content.length);
        return padded;
    }

    /** A ustar header with exactly these fields and a correct checksum. */
    static byte[] header(String name, long size, char type, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, "00000000000");
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum));
        return h;
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("field too long: " + value);
        }
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }
}
