package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.zstd.ZstdOutputStream;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerAnalyzerTest {
    static final String LONG_PATH = "opt/" + "y".repeat(150) + ".dat";
    static final String LONG_LINK = "/" + "z".repeat(70);

    static byte[] baseLayer() {
        return new TestLayers()
                .dir("etc")
                .file("etc/config", "a".repeat(100))
                .file("etc/empty", "")
                .file("usr/share/日本語.txt", "héllo")
                .file(LONG_PATH, new byte[5000])
                .symlink("etc/short", "config")
                .symlink("etc/long", LONG_LINK)
                .hardlink("etc/config-link", "etc/config")
                .file("app/big.bin", new byte[10000])
                .dir("data")
                .file("data/a", new byte[300])
                .file("data/b", new byte[200])
                .dir("cache")
                .file("cache/c", new byte[400])
                .tar();
    }

    static byte[] upperLayer() {
        return new TestLayers()
                .file("etc/config", "b".repeat(50))
                .file("app/.wh.big.bin", "")
                .file("data/.wh..wh..opq", "")
                .file("data/new", "1234567")
                .file(".wh.cache", "")
                .tar();
    }

    /** Blobs by digest, opened through the BlobOpener the analyzer gets. */
    static final class Blobs implements BlobOpener {
        final Map<String, byte[]> byDigest = new HashMap<>();
        final List<String> opened = Collections.synchronizedList(new ArrayList<>()); // layers are read in parallel

        Descriptor add(String mediaType, byte[] blob) {
            Descriptor d = Descriptor.ofContent(mediaType, blob);
            byDigest.put(d.digest().toString(), blob);
            return d;
        }

        @Override
        public ByteArrayInputStream open(Descriptor blob) {
            opened.add(blob.digest().toString());
            return new ByteArrayInputStream(byDigest.get(blob.digest().toString()));
        }
    }

    @Test
    void aLayerSharedByTwoImagesOfOneSessionIsReadOnceAndCountedForEach() throws IOException {
        Blobs blobs = new Blobs();
        Descriptor base = blobs.add("application/vnd.oci.image.layer.v1.tar+gzip", TestLayers.gzip(baseLayer()));
        Descriptor upper = blobs.add("application/vnd.oci.image.layer.v1.tar", upperLayer());
        Descriptor other = blobs.add(
                "application/vnd.oci.image.layer.v1.tar",
                new TestLayers().file("etc/config", "c".repeat(10)).tar());
        LayerAnalyzer analyzer = new LayerAnalyzer(3);
        List<LayerStats> first;
        List<LayerStats> second;
        try (LayerAnalyzer.Session session = analyzer.session(blobs)) {
            first = session.analyze(List.of(base, upper), List.of());
            second = session.analyze(List.of(other, base), List.of());
        }
        assertThat(blobs.opened).hasSize(3).containsOnlyOnce(base.digest().toString());
        // each image gets the numbers a separate analysis gives: positions and hidden bytes are its own
        assertThat(first).isEqualTo(analyzer.analyze(List.of(base, upper), List.of(), blobs));
        assertThat(second.get(1).index()).isEqualTo(1);
        assertThat(second.get(1).digest()).isEqualTo(base.digest());
        assertThat(second.get(0).hiddenBytes()).isEqualTo(10); // etc/config of the lower layer, rewritten by base
        assertThat(second.get(1).hiddenBytes()).isZero();
        assertThat(first.get(0).hiddenBytes()).isEqualTo(100 + 10000 + 500 + 400);
    }

    @Test
    void countsEverythingInOnePassPerLayer() throws IOException {
        byte[] base = baseLayer();
        byte[] upper = upperLayer();
        Blobs blobs = new Blobs();
        Descriptor l0 = blobs.add("application/vnd.oci.image.layer.v1.tar+gzip", TestLayers.gzip(base));
        Descriptor l1 = blobs.add("application/vnd.oci.image.layer.v1.tar", upper);

        List<LayerStats> layers =
                new LayerAnalyzer(3).analyze(List.of(l0, l1), Arrays.asList("RUN make base", null), blobs);

        assertThat(blobs.opened)
                .containsExactlyInAnyOrder(l0.digest().toString(), l1.digest().toString());
        LayerStats s0 = layers.get(0);
        assertThat(s0.compressedBytes()).isEqualTo(l0.size());
        assertThat(s0.tarStreamBytes()).isEqualTo(base.length);
        assertThat(s0.diffId()).isEqualTo(Digest.sha256(base));
        assertThat(s0.regularFileBytes()).isEqualTo(100 + 0 + 6 + 5000 + 10000 + 300 + 200 + 400);
        assertThat(s0.symlinkTargetBytes()).isEqualTo(6 + 71);
        assertThat(s0.overlayBytes()).isEqualTo(16006 + 77);
        assertThat(List.of(
                        s0.files(),
                        s0.directories(),
                        s0.symlinks(),
                        s0.hardlinks(),
                        s0.whiteouts(),
                        s0.opaqueWhiteouts(),
                        s0.otherEntries()))
                .containsExactly(8L, 3L, 2L, 1L, 0L, 0L, 0L);
        // 8 directories (root, etc, usr, usr/share, opt, app, data, cache) + file blocks + one symlink too long for the
        // inode
        assertThat(s0.snapshotBytesEstimate()).isEqualTo(4096 * 8 + 4096 * 10 + 4096);
        assertThat(s0.hiddenBytes()).isEqualTo(100 + 10000 + 500 + 400);
        assertThat(s0.largestFiles())
                .containsExactly(
                        new FileSize("app/big.bin", 10000),
                        new FileSize(LONG_PATH, 5000),
                        new FileSize("cache/c", 400));
        assertThat(s0.createdBy()).isEqualTo("RUN make base");

        LayerStats s1 = layers.get(1);
        assertThat(s1.digest()).isEqualTo(s1.diffId()); // uncompressed blob: digest = diff ID
        assertThat(s1.tarStreamBytes()).isEqualTo(upper.length).isEqualTo(l1.size());
        assertThat(s1.regularFileBytes()).isEqualTo(57);
        assertThat(List.of(s1.files(), s1.directories(), s1.whiteouts(), s1.opaqueWhiteouts()))
                .containsExactly(2L, 0L, 2L, 1L);
        assertThat(s1.hiddenBytes()).isZero();
        assertThat(s1.snapshotBytesEstimate()).isEqualTo(4096 * 4 + 4096 * 2);
        assertThat(s1.createdBy()).isNull();
    }

    @Test
    void nonAsciiAndLongNamesComeThroughPaxHeaders() throws IOException {
        Blobs blobs = new Blobs();
        Descriptor l0 = blobs.add("application/vnd.oci.image.layer.v1.tar+gzip", TestLayers.gzip(baseLayer()));
        List<LayerStats> layers = new LayerAnalyzer(10).analyze(List.of(l0), List.of(), blobs);
        assertThat(layers.get(0).largestFiles())
                .extracting(FileSize::path)
                .contains(LONG_PATH, "usr/share/日本語.txt", "etc/empty");
    }

    @Test
    void readsZstdLayers() throws IOException {
        byte[] base = baseLayer();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(z)) {
            out.write(base);
        }
        Blobs blobs = new Blobs();
        Descriptor l0 = blobs.add("application/vnd.oci.image.layer.v1.tar+zstd", z.toByteArray());
        LayerStats s =
                new LayerAnalyzer().analyze(List.of(l0), List.of(), blobs).get(0);
        assertThat(s.tarStreamBytes()).isEqualTo(base.length);
        assertThat(s.diffId()).isEqualTo(Digest.sha256(base));
        assertThat(s.regularFileBytes()).isEqualTo(16006);
    }

    @Test
    void aFileRewrittenTwiceIsHiddenOncePerLowerLayer() throws IOException {
        Blobs blobs = new Blobs();
        Descriptor a = blobs.add(
                "t",
                new TestLayers().file("f", new byte[1000]).file("keep", "x").tar());
        Descriptor b = blobs.add("t", new TestLayers().file("f", new byte[300]).tar());
        Descriptor c = blobs.add(
                "t", new TestLayers().file("f", new byte[20]).file("g", "y").tar());
        Descriptor d =
                blobs.add("t", new TestLayers().file(".wh.f", "").dir("f").tar());
        List<LayerStats> layers = new LayerAnalyzer().analyze(List.of(a, b, c, d), List.of(), blobs);
        assertThat(layers).extracting(LayerStats::hiddenBytes).containsExactly(1000L, 300L, 20L, 0L);
    }

    @Test
    void aFileOrLinkReplacingADirectoryHidesEverythingBelowIt() throws IOException {
        Blobs blobs = new Blobs();
        Descriptor a = blobs.add(
                "t",
                new TestLayers()
                        .dir("x")
                        .file("x/1", new byte[10])
                        .file("x/y/2", new byte[20])
                        .file("xz", new byte[40])
                        .dir("l")
                        .file("l/3", new byte[80])
                        .tar());
        Descriptor b = blobs.add(
                "t",
                new TestLayers()
                        .file("x", new byte[5])
                        .symlink("l", "/elsewhere")
                        .tar());
        List<LayerStats> layers = new LayerAnalyzer().analyze(List.of(a, b), List.of(), blobs);
        // "xz" is a sibling, not below "x": it stays
        assertThat(layers).extracting(LayerStats::hiddenBytes).containsExactly(10L + 20L + 80L, 0L);
    }

    @Test
    void rejectsABlobThatDoesNotMatchItsDescriptor() {
        Blobs blobs = new Blobs();
        Descriptor real = blobs.add("t", TestLayers.gzip(baseLayer()));
        Descriptor lying = Descriptor.of("t", real.digest(), real.size() + 1);
        assertThatThrownBy(() -> new LayerAnalyzer().analyze(List.of(lying), List.of(), blobs))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("analyzing layer 1/1 " + real.digest())
                .hasMessageContaining("the manifest says " + (real.size() + 1));
        byte[] other = TestLayers.gzip(upperLayer());
        blobs.byDigest.put(real.digest().toString(), other);
        Descriptor swapped = Descriptor.of("t", real.digest(), other.length);
        assertThatThrownBy(() -> new LayerAnalyzer().analyze(List.of(swapped), List.of(), blobs))
                .hasMessageContaining("content hashes to " + TestLayers.sha256(other));
    }
}
