package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarWriterTest {
    private static String field(byte[] h, int offset, int length) {
        return new String(h, offset, length, StandardCharsets.US_ASCII);
    }

    @Test
    void headerFieldsAreLaidOutAsGoWritesThem() {
        byte[] h = TarWriter.header("blobs/sha256/x", '0', 0644, 1234);
        assertThat(field(h, 0, 15)).isEqualTo("blobs/sha256/x\0");
        assertThat(field(h, 100, 8)).isEqualTo("0000644\0");
        assertThat(field(h, 108, 8)).isEqualTo("0000000\0");
        assertThat(field(h, 116, 8)).isEqualTo("0000000\0");
        assertThat(field(h, 124, 12)).isEqualTo("00000002322\0");
        assertThat(field(h, 136, 12)).isEqualTo("00000000000\0");
        assertThat(field(h, 156, 1)).isEqualTo("0");
        assertThat(field(h, 257, 8)).isEqualTo("ustar\u000000");
        assertThat(field(h, 265, 64)).isEqualTo("\0".repeat(64)); // no user or group names
        assertThat(field(h, 329, 16)).isEqualTo("0000000\0" + "0000000\0");
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        assertThat(field(h, 148, 8)).isEqualTo(String.format("%06o", sum) + "\0 ");
    }

    @Test
    void longNamesGetAPaxHeaderThatBothReadersUnderstand() throws IOException {
        String name = "blobs/sha512/" + "c".repeat(128);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(bytes);
        tar.file(name, "x".getBytes(StandardCharsets.UTF_8));
        tar.file("short", new byte[0]);
        tar.finish();
        byte[] archive = bytes.toByteArray();
        assertThat(field(archive, 0, 26)).isEqualTo("blobs/sha512/PaxHeaders.0/");
        assertThat(field(archive, 156, 1)).isEqualTo("x");
        assertThat(field(archive, 512, 151)).isEqualTo("151 path=" + name + "\n");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            assertThat(in.getNextEntry().getName()).isEqualTo(name);
            assertThat(in.getNextEntry().getName()).isEqualTo("short");
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("long", ".tar");
        try {
            java.nio.file.Files.write(file, archive);
            try (TarIndex index = TarIndex.open(file)) {
                assertThat(index.entries().keySet()).containsExactly(name, "short");
                assertThat(index.open(index.resolveFile(name)).readAllBytes()).containsExactly('x');
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void entriesOver8GiBGetAPaxSize() {
        long size = 8L * 1024 * 1024 * 1024;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        java.nio.channels.WritableByteChannel firstBlocks = new java.nio.channels.WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer src) throws IOException {
                if (captured.size() >= 2048) {
                    throw new IOException("enough");
                }
                int n = src.remaining();
                byte[] b = new byte[n];
                src.get(b);
                captured.writeBytes(b);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        java.io.InputStream zeros = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TarWriter(firstBlocks).file("big", size, zeros))
                .hasMessage("enough");
        byte[] h = captured.toByteArray();
        assertThat(field(h, 0, 17)).isEqualTo("PaxHeaders.0/big\0");
        assertThat(field(h, 512, 19)).isEqualTo("19 size=8589934592\n");
        assertThat(field(h, 1024, 4)).isEqualTo("big\0");
        assertThat(field(h, 1024 + 124, 12)).isEqualTo("00000000000\0");
    }

    @Test
    void archiveHasNoRecordPaddingAndReadsBackWithAnIndependentReader() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(bytes);
        tar.directory("blobs");
        tar.file("blobs/a", "hello".getBytes(StandardCharsets.UTF_8));
        tar.file("index.json", new byte[512]);
        tar.finish();
        assertThat(bytes.size()).isEqualTo(TarWriter.archiveSize(1, 5, 512)).isEqualTo(3584);
        byte[] archive = bytes.toByteArray();
        assertThat(Arrays.copyOfRange(archive, archive.length - 1024, archive.length))
                .containsOnly(0);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry dir = in.getNextEntry();
            assertThat(dir.getName()).isEqualTo("blobs/");
            assertThat(dir.isDirectory()).isTrue();
            assertThat(dir.getMode()).isEqualTo(0755);
            TarArchiveEntry file = in.getNextEntry();
            assertThat(file.getName()).isEqualTo("blobs/a");
            assertThat(file.getModTime().getTime()).isZero();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(in.getNextEntry().getSize()).isEqualTo(512);
            assertThat(in.getNextEntry()).isNull();
        }
    }
}
