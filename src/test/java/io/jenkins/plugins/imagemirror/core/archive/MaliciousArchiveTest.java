package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malicious and malformed archives: each is rejected when opened, with the exact message, before any content is
 * used; nothing is ever extracted, so nothing can land outside the archive.
 */
class MaliciousArchiveTest {
    private static final String HEX = "a".repeat(64);
    private static final String EMPTY_INDEX = "{\"schemaVersion\":2,\"manifests\":[]}";
    private static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    @TempDir
    Path dir;

    static EvilTar layout() {
        return new EvilTar().file("oci-layout", LAYOUT).file("index.json", EMPTY_INDEX);
    }

    static Stream<Arguments> cases() {
        String tar = "reading tar %s: ";
        String oci = "reading OCI archive %s: ";
        return Stream.of(
                row("dot-dot entry", () -> layout().file("../evil", "x"), tar + "entry '../evil' contains '..'"),
                row(
                        "dot-dot inside a name",
                        () -> layout().file("blobs/../../evil", "x"),
                        tar + "entry 'blobs/../../evil' contains '..'"),
                row(
                        "absolute path",
                        () -> layout().file("/etc/cron.d/evil", "x"),
                        tar + "entry '/etc/cron.d/evil' has an absolute path"),
                row(
                        "PAX path override with ..",
                        () -> layout().pax(paxRecord("path", "../../evil")).file("innocent", "x"),
                        tar + "entry '../../evil' contains '..'"),
                row(
                        "symlink escape",
                        () -> layout().symlink("blobs/sha256/" + HEX, "../../../etc/passwd"),
                        tar + "symlink 'blobs/sha256/" + HEX + "' -> '../../../etc/passwd' escapes the archive"),
                row(
                        "absolute symlink",
                        () -> layout().symlink("index2", "/etc/passwd"),
                        tar + "symlink 'index2' -> '/etc/passwd' escapes the archive (absolute or empty target)"),
                row(
                        "hard link escape",
                        () -> layout().hardlink("blobs/sha256/" + HEX, "../outside"),
                        tar + "hard link 'blobs/sha256/" + HEX + "' -> '../outside' escapes the archive"),
                row(
                        "hard link to nothing",
                        () -> layout().hardlink("blobs/sha256/" + HEX, "missing"),
                        tar + "hard link 'blobs/sha256/" + HEX + "' -> 'missing' names no earlier entry"),
                row(
                        "harmless link still not allowed in OCI",
                        () -> layout().symlink("blobs/sha256/" + HEX, "../../index.json"),
                        oci + "entry 'blobs/sha256/" + HEX + "' is a link; links are not allowed in an OCI archive"),
                row(
                        "huge PAX header",
                        () -> layout().entry("PaxHeaders/big", 'x', new byte[1024 * 1024], null),
                        tar + "PAX header of 1048576 bytes at byte 2048 exceeds the 65536-byte limit"),
                row(
                        "huge GNU long name",
                        () -> layout().entry("././@LongLink", 'L', new byte[100_000], null),
                        tar + "GNU long name header of 100000 bytes at byte 2048 exceeds the 65536-byte limit"),
                row(
                        "duplicate name",
                        () -> layout().file("index.json", EMPTY_INDEX),
                        tar + "duplicate entry 'index.json'"),
                row(
                        "duplicate after normalisation",
                        () -> layout().file("./oci-layout", LAYOUT),
                        tar + "duplicate entry 'oci-layout'"),
                row(
                        "character device",
                        () -> layout().entry("blobs/dev", '3', new byte[0], null),
                        tar + "entry 'blobs/dev' has type '3' (character device), not allowed in an image archive"),
                row(
                        "fifo",
                        () -> layout().entry("fifo", '6', new byte[0], null),
                        tar + "entry 'fifo' has type '6' (fifo), not allowed in an image archive"),
                row(
                        "entry outside the layout",
                        () -> layout().file("etc/passwd", "root::0:0"),
                        oci + "entry 'etc/passwd' is not part of an OCI image layout"),
                row(
                        "blob name that is no digest",
                        () -> layout().file("blobs/sha256/abc", "x"),
                        oci + "entry 'blobs/sha256/abc' is not part of an OCI image layout"),
                row(
                        "no index.json",
                        () -> new EvilTar().file("oci-layout", LAYOUT),
                        oci + "no index.json in the archive"),
                row(
                        "a docker-archive read as OCI",
                        () -> new EvilTar().file("manifest.json", "[]").file("x/layer.tar", "x"),
                        oci + "a docker-archive (manifest.json, no index.json); read it as docker-archive:%1$s"),
                row(
                        "wrong layout version",
                        () -> new EvilTar()
                                .file("oci-layout", "{\"imageLayoutVersion\":\"2.0.0\"}")
                                .file("index.json", EMPTY_INDEX),
                        oci + "oci-layout must be {\"imageLayoutVersion\":\"1.x.y\"}, found"
                                + " {\"imageLayoutVersion\":\"2.0.0\"}"),
                row(
                        "index.json with duplicate keys",
                        () -> new EvilTar()
                                .file("oci-layout", LAYOUT)
                                .file("index.json", "{\"schemaVersion\":2,\"manifests\":[],\"manifests\":[]}"),
                        oci + "index.json: manifest: not valid JSON (Duplicate field 'manifests')"),
                row(
                        "gzip-compressed tar",
                        () -> new EvilTar().raw(gzipMagicBlock()),
                        tar + "gzip-compressed; image archives are plain tar files (decompress it first, e.g. gunzip)"),
                row(
                        "truncated entry",
                        () -> new EvilTar().raw(TarWriter.header("oci-layout", '0', 0644, 100000)),
                        tar + "entry 'oci-layout' declares 100000 bytes but the file ends first (truncated)"),
                row(
                        "bad checksum",
                        () -> {
                            byte[] h = TarWriter.header("oci-layout", '0', 0644, 0);
                            h[148] = '7';
                            return new EvilTar().raw(h);
                        },
                        tar + "header at byte 0 has checksum 234115, computed 4739 (corrupt, or not a tar file)"));
    }

    static byte[] gzipMagicBlock() {
        byte[] block = TestImages.gzip(new byte[2048]);
        return java.util.Arrays.copyOf(block, 512);
    }

    /** A PAX record {@code "<len> key=value\n"}, whose length counts itself. */
    static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.length() + 1;
        while (String.valueOf(length).length() + body.length() != length) {
            length++;
        }
        return length + body;
    }

    private static Arguments row(String name, Supplier<EvilTar> tar, String message) {
        return Arguments.of(name, tar, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(String name, Supplier<EvilTar> tar, String message) throws Exception {
        Path file = tar.get().writeTo(dir.resolve("evil.tar"));
        String expected = String.format(message, file);
        assertThatThrownBy(() -> OciArchiveReader.open(file).close())
                .isInstanceOf(ArchiveFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(expected));
        assertThat(Files.list(dir)).containsExactly(file);
    }
}
