package io.jenkins.plugins.imagemirror.core.size;

import static io.jenkins.plugins.imagemirror.core.size.LayerAnalyzerTest.baseLayer;
import static io.jenkins.plugins.imagemirror.core.size.LayerAnalyzerTest.upperLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layer scans reused across reports: same numbers without reading the layer again, bounded, checked bytes only. */
class LayerScanCacheTest {
    private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String TAR = "application/vnd.oci.image.layer.v1.tar";

    @Test
    void aSecondReportOfTheSameLayersReadsNothingAndGetsTheSameNumbers() throws IOException {
        LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
        Descriptor base = blobs.add(GZIP, TestLayers.gzip(baseLayer()));
        Descriptor upper = blobs.add(TAR, upperLayer());
        LayerScanCache cache = new LayerScanCache(1024 * 1024);

        List<LayerStats> first =
                new LayerAnalyzer(3, cache).analyze(List.of(base, upper), List.of("RUN a", "RUN b"), blobs);
        assertThat(blobs.opened).hasSize(2);
        assertThat(cache.bytes()).isPositive();
        List<LayerStats> again =
                new LayerAnalyzer(3, cache).analyze(List.of(base, upper), List.of("RUN a", "RUN b"), blobs);
        assertThat(blobs.opened).as("nothing read again").hasSize(2);
        assertThat(again)
                .isEqualTo(first)
                .isEqualTo(new LayerAnalyzer(3).analyze(List.of(base, upper), List.of("RUN a", "RUN b"), blobs));

        // another image on the same base: its own positions, history and hidden bytes, the base not read again
        Descriptor other = blobs.add(
                TAR, new TestLayers().file("etc/config", "c".repeat(10)).tar());
        blobs.opened.clear();
        List<LayerStats> reordered = new LayerAnalyzer(3, cache).analyze(List.of(other, base), List.of("RUN c"), blobs);
        assertThat(blobs.opened).containsExactly(other.digest().toString());
        assertThat(reordered.get(1).index()).isEqualTo(1);
        assertThat(reordered.get(1).createdBy()).isNull();
        assertThat(reordered.get(0).hiddenBytes()).isEqualTo(10);
        assertThat(reordered.get(1).hiddenBytes()).isZero();

        // a different number of largest files is another scan
        blobs.opened.clear();
        new LayerAnalyzer(5, cache).analyze(List.of(base), List.of(), blobs);
        assertThat(blobs.opened).containsExactly(base.digest().toString());
    }

    @Test
    void keepsWithinItsBoundLeastRecentlyUsedFirst() throws IOException {
        LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
        Descriptor[] layers = new Descriptor[5];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = blobs.add(TAR, new TestLayers().file("f" + i, "x").tar()); // same weight each
        }
        long weight = new LayerScanner(1)
                .scan(0, layers[0], blobs.open(layers[0]))
                .events()
                .weightBytes();
        LayerScanCache cache = new LayerScanCache(4 * weight); // room for four (a layer may take a quarter)
        LayerAnalyzer analyzer = new LayerAnalyzer(1, cache);
        for (int i = 0; i < 4; i++) {
            analyzer.analyze(List.of(layers[i]), List.of(), blobs);
        }
        analyzer.analyze(List.of(layers[0]), List.of(), blobs); // 0 is now the most recently used
        analyzer.analyze(List.of(layers[4]), List.of(), blobs); // 1 goes
        assertThat(cache.bytes()).isEqualTo(4 * weight);
        blobs.opened.clear();
        analyzer.analyze(List.of(layers[0], layers[2], layers[3], layers[4]), List.of(), blobs);
        assertThat(blobs.opened).isEmpty();
        analyzer.analyze(List.of(layers[1]), List.of(), blobs);
        assertThat(blobs.opened).containsExactly(layers[1].digest().toString());

        LayerScanCache small = new LayerScanCache(4 * weight - 1); // a layer over a quarter of the bound is not kept
        new LayerAnalyzer(1, small).analyze(List.of(layers[0]), List.of(), blobs);
        assertThat(small.bytes()).isZero();
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigestIsNeitherReportedNorKept() {
        LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
        Descriptor real = blobs.add(TAR, upperLayer());
        Descriptor lying = new Descriptor(TAR, Digest.sha256(new byte[] {1}), real.size(), null, null);
        blobs.byDigest.put(lying.digest().toString(), upperLayer());
        LayerScanCache cache = new LayerScanCache(1024 * 1024);
        assertThatThrownBy(() -> new LayerAnalyzer(1, cache).analyze(List.of(lying), List.of(), blobs))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt or wrong blob");
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aLayerScannedAsACopyStreamedItIsNotReadByTheReportAndGivesTheSameNumbers() throws IOException {
        LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
        Descriptor base = blobs.add(GZIP, TestLayers.gzip(baseLayer()));
        Descriptor upper = blobs.add(TAR, upperLayer());
        Descriptor config = new Descriptor(
                "application/vnd.oci.image.config.v1+json", Digest.sha256(new byte[] {2}), 1, null, null);
        LayerScanCache cache = new LayerScanCache(1024 * 1024);
        assertThat(cache.lacks(base)).isTrue();
        assertThat(cache.lacks(upper)).isTrue();
        assertThat(cache.lacks(config)).as("not a layer").isFalse();

        cache.scanVerified(base, blobs.open(base));
        cache.scanVerified(upper, blobs.open(upper));
        blobs.opened.clear();

        assertThat(cache.lacks(base)).isFalse();
        List<LayerStats> reported = new LayerAnalyzer(LayerAnalyzer.DEFAULT_LARGEST_FILES, cache)
                .analyze(List.of(base, upper), List.of("RUN a", "RUN b"), blobs);
        assertThat(blobs.opened).as("nothing read back").isEmpty();
        assertThat(reported)
                .isEqualTo(new LayerAnalyzer().analyze(List.of(base, upper), List.of("RUN a", "RUN b"), blobs));
    }

    @Test
    void aStreamCutShortIsNotKept() {
        LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
        Descriptor upper = blobs.add(TAR, upperLayer());
        LayerScanCache cache = new LayerScanCache(1024 * 1024);
        byte[] bytes = upperLayer();
        assertThatThrownBy(() -> cache.scanVerified(
                        upper, new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(bytes, bytes.length - 512))))
                .isInstanceOf(IOException.class);
        assertThat(cache.bytes()).isZero();
        assertThat(cache.lacks(upper)).isTrue();
    }

    @Test
    void scanFilesOutliveTheJvmAndGiveTheSameNumbers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        TwoLayers two = TwoLayers.analyzedWithFiles(dir);
        LayerAnalyzerTest.Blobs blobs = two.blobs();
        Descriptor base = two.base();
        Descriptor upper = two.upper();
        List<Descriptor> layers = List.of(base, upper);
        List<LayerStats> first = two.first();
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(
                            "sha256-" + base.digest().hex() + "-3.scan",
                            "sha256-" + upper.digest().hex() + "-3.scan",
                            LayerChain.of(layers).name() + ".chain");
        }
        blobs.opened.clear();

        // a fresh JVM's memory, the same directory: nothing read, the same numbers
        LayerScanCache fresh = new LayerScanCache(1024 * 1024).withFiles(dir);
        assertThat(new LayerAnalyzer(3, fresh).analyze(layers, List.of("RUN a", "RUN b"), blobs))
                .isEqualTo(first);
        assertThat(blobs.opened).isEmpty();
        assertThat(fresh.bytes()).as("now in memory too").isPositive();

        // another number of largest files, or a descriptor of another size: not that file
        new LayerAnalyzer(5, new LayerScanCache(0).withFiles(dir)).analyze(List.of(base), List.of(), blobs);
        assertThat(blobs.opened).containsExactly(base.digest().toString());
        Descriptor resized = new Descriptor(TAR, upper.digest(), upper.size() + 1, null, null);
        assertThat(new LayerScanCache(0).withFiles(dir).get(resized, 3)).isNull();

        // a damaged file is ignored and deleted: the layer is read again
        java.nio.file.Path file = dir.resolve("sha256-" + upper.digest().hex() + "-3.scan");
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(bytes, 40)); // cut inside its stats
        blobs.opened.clear();
        assertThat(new LayerAnalyzer(3, new LayerScanCache(1024 * 1024).withFiles(dir))
                        .analyze(layers, List.of("RUN a", "RUN b"), blobs))
                .isEqualTo(first);
        assertThat(blobs.opened).containsExactly(upper.digest().toString());
        assertThat(java.nio.file.Files.size(file)).as("written again, whole").isEqualTo(bytes.length);
    }

    @Test
    void aChainReplayedBeforeIsNotReplayedAgainNorAreItsLayersEventsRead(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        TwoLayers two = TwoLayers.analyzedWithFiles(dir);
        List<LayerStats> first = two.first();
        LayerAnalyzerTest.Blobs blobs = two.blobs();
        Descriptor base = two.base();
        Descriptor upper = two.upper();
        List<Descriptor> layers = List.of(base, upper);
        assertThat(first.get(0).hiddenBytes())
                .as("the upper layer hides some of the base")
                .isPositive();
        for (Descriptor layer : layers) { // each scan file loses its end: its events cannot be read any more
            java.nio.file.Path file = dir.resolve("sha256-" + layer.digest().hex() + "-3.scan");
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            java.nio.file.Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        }
        blobs.opened.clear();

        // a fresh JVM on the same files: the chain's result and the layers' stats, no event read, nothing opened
        LayerScanCache fresh = new LayerScanCache(1024 * 1024).withFiles(dir);
        assertThat(new LayerAnalyzer(3, fresh).analyze(layers, List.of("RUN a", "RUN b"), blobs))
                .isEqualTo(first);
        assertThat(blobs.opened).isEmpty();
        try (var scanFiles = java.nio.file.Files.newDirectoryStream(dir, "*.scan")) {
            for (java.nio.file.Path file : scanFiles) { // the JVM's memory holds what it read
                java.nio.file.Files.move(file, dir.resolve(file.getFileName() + ".aside"));
            }
        }
        assertThat(new LayerAnalyzer(3, fresh).analyze(layers, List.of("RUN a", "RUN b"), blobs))
                .isEqualTo(first);
        assertThat(blobs.opened).isEmpty();
        try (var aside = java.nio.file.Files.newDirectoryStream(dir, "*.aside")) {
            for (java.nio.file.Path file : aside) {
                java.nio.file.Files.move(
                        file, dir.resolve(file.getFileName().toString().replace(".aside", "")));
            }
        }

        // another chain of the same layers needs their events: the damaged files go, the layers are read again
        List<Descriptor> reversed = List.of(upper, base);
        assertThat(new LayerAnalyzer(3, new LayerScanCache(1024 * 1024).withFiles(dir))
                        .analyze(reversed, List.of(), blobs))
                .isEqualTo(new LayerAnalyzer(3).analyze(reversed, List.of(), blobs));
        assertThat(blobs.opened)
                .contains(base.digest().toString(), upper.digest().toString());

        // a chain file under another chain's name is not that chain's result
        java.nio.file.Path reversedFile = dir.resolve(LayerChain.of(reversed).name() + ".chain");
        java.nio.file.Files.copy(
                dir.resolve(LayerChain.of(layers).name() + ".chain"),
                reversedFile,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(new LayerScanCache(0).withFiles(dir).hiddenBytes(LayerChain.of(reversed)))
                .isNull();
        assertThat(new LayerScanCache(0).withFiles(dir).hiddenBytes(LayerChain.of(layers)))
                .containsExactly(first.get(0).hiddenBytes(), first.get(1).hiddenBytes());
    }

    @Test
    void scanFilesStayWithinTheirBoundLeastRecentlyUsedFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
        Descriptor[] layers = new Descriptor[3];
        LayerScanner.Scan[] scans = new LayerScanner.Scan[3];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = blobs.add(TAR, new TestLayers().file("f" + i, "x").tar());
            scans[i] = new LayerScanner(1).scan(0, layers[i], blobs.open(layers[i]));
        }
        LayerScanFiles probe = new LayerScanFiles(dir, Long.MAX_VALUE);
        probe.write(layers[0], 1, scans[0]);
        long one = java.nio.file.Files.size(
                dir.resolve("sha256-" + layers[0].digest().hex() + "-1.scan"));
        LayerScanFiles files = new LayerScanFiles(dir, 2 * one); // room for two
        java.nio.file.Files.setLastModifiedTime(
                dir.resolve("sha256-" + layers[0].digest().hex() + "-1.scan"),
                java.nio.file.attribute.FileTime.fromMillis(1000)); // the least recently used
        files.write(layers[1], 1, scans[1]);
        files.write(layers[2], 1, scans[2]);
        assertThat(files.read(layers[0], 1)).isNull();
        assertThat(files.read(layers[1], 1).stats()).isEqualTo(scans[1].stats());
        assertThat(files.read(layers[2], 1).stats()).isEqualTo(scans[2].stats());
    }

    /** The base and upper test layers, analyzed once with scan files in a directory: what a first report leaves. */
    private record TwoLayers(LayerAnalyzerTest.Blobs blobs, Descriptor base, Descriptor upper, List<LayerStats> first) {
        static TwoLayers analyzedWithFiles(java.nio.file.Path dir) throws IOException {
            LayerAnalyzerTest.Blobs blobs = new LayerAnalyzerTest.Blobs();
            Descriptor base = blobs.add(GZIP, TestLayers.gzip(baseLayer()));
            Descriptor upper = blobs.add(TAR, upperLayer());
            List<LayerStats> first = new LayerAnalyzer(3, new LayerScanCache(1024 * 1024).withFiles(dir))
                    .analyze(List.of(base, upper), List.of("RUN a", "RUN b"), blobs);
            return new TwoLayers(blobs, base, upper, first);
        }
    }
}
