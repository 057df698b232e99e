package io.jenkins.plugins.imagemirror.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.size.LayerAnalyzer;
import io.jenkins.plugins.imagemirror.core.size.LayerStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Layers that expand enormously, for the size analysis (the only place that decompresses layers: copies move
 * blobs verbatim and archives are plain tar). A gzip bomb stays within deflate's ~1032:1 and is analysed with
 * exact figures; a zstd layer of RLE blocks (32768:1) is refused once it passes the expansion limit, instead of
 * costing CPU for every byte it claims.
 */
class DecompressionBombTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void aGzipBombWithinTheLimitIsAnalysedExactly() throws IOException {
        long fileSize = 96L * MIB;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 65536)) {
            out.write(MaliciousArchiveTest.header("zeros.bin", fileSize, '0', ""));
            byte[] zeros = new byte[MIB];
            for (int i = 0; i < fileSize / MIB; i++) {
                out.write(zeros);
            }
            out.write(new byte[1024]);
        }
        byte[] layer = gz.toByteArray();
        assertThat(layer.length).as("compressed").isLessThan(200 * 1024);
        Descriptor d = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, layer);

        List<LayerStats> stats =
                new LayerAnalyzer().analyze(List.of(d), List.of(), blob -> new ByteArrayInputStream(layer));

        assertThat(stats.get(0).toString()).contains(String.valueOf(fileSize));
    }

    @Test
    void aZstdBombBeyondTheLimitIsRefusedEarly() {
        long claimed = 1024L * MIB; // 1 GiB of zeros from about 33 KiB
        byte[] layer = zstdBomb(claimed);
        assertThat(layer.length).isLessThan(40 * 1024);
        Descriptor d = Descriptor.ofContent(MediaType.OCI_LAYER_ZSTD, layer);

        assertThatThrownBy(() ->
                        new LayerAnalyzer().analyze(List.of(d), List.of(), blob -> new ByteArrayInputStream(layer)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("analyzing layer 1/1 " + d.digest() + ": ")
                .hasMessageContaining("decompression bomb"); // thrown at the limit: no elapsed-time bound needed
    }

    /** A zstd frame: one raw block holding a tar header, then RLE blocks of zeros (4 bytes each for 128 KiB). */
    static byte[] zstdBomb(long zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}); // magic
        out.write(0x00); // frame header descriptor: no single segment, no checksum, no dictionary, no content size
        out.write(7 << 3); // window descriptor: 2^17 = 128 KiB
        byte[] tar = MaliciousArchiveTest.header("zeros.bin", zeros, '0', "");
        block(out, false, 0, tar.length);
        out.writeBytes(tar);
        int max = 128 * 1024;
        long left = zeros + 1024; // the file, then the end-of-archive blocks
        while (left > 0) {
            int n = (int) Math.min(max, left);
            left -= n;
            block(out, left == 0, 1, n);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static void block(ByteArrayOutputStream out, boolean last, int type, int size) {
        int header = (last ? 1 : 0) | (type << 1) | (size << 3);
        out.write(header & 0xff);
        out.write((header >> 8) & 0xff);
        out.write((header >> 16) & 0xff);
    }
}
