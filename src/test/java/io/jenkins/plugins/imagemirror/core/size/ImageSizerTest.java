package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizing straight from an OCI layout (core.archive's reader) gives the report sizing from raw bytes gives. */
class ImageSizerTest {
    @Test
    void sizesAnImageFromItsLayout(@TempDir Path dir) throws IOException {
        TestImage image = SizeReportTest.twoPlatforms();
        image.writeLayout(dir, "v1");
        SizeReport expected = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app:v1", image.indexBytes(), image.images(), image, Set.of());
        try (OciLayoutReader layout = OciLayoutReader.open(dir)) {
            SizeReport all = new ImageSizer()
                    .size(
                            "app:v1",
                            layout.entries().get(0),
                            d -> io.jenkins.plugins.imagemirror.core.image.ManifestContent.parse(
                                    layout.readBlob(d), d.mediaType()),
                            layout::openBlob,
                            null,
                            Set.of());
            assertThat(all.withArchives(null)).isEqualTo(expected);

            SizeReport arm = new ImageSizer()
                    .size(
                            "app:v1",
                            layout.entries().get(0),
                            d -> io.jenkins.plugins.imagemirror.core.image.ManifestContent.parse(
                                    layout.readBlob(d), d.mediaType()),
                            layout::openBlob,
                            Platform.parse("linux/arm64"),
                            Set.of());
            assertThat(arm.platforms()).containsExactly(expected.platforms().get(1));

            assertThatThrownBy(() -> new ImageSizer()
                            .size(
                                    "app:v1",
                                    layout.entries().get(0),
                                    d -> io.jenkins.plugins.imagemirror.core.image.ManifestContent.parse(
                                            layout.readBlob(d), d.mediaType()),
                                    layout::openBlob,
                                    Platform.parse("linux/s390x"),
                                    Set.of()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("has no image for platform linux/s390x; it lists [linux/amd64, linux/arm64]");
        }
    }

    @Test
    void readsEachManifestOnceForTheSizesAndTheArchivePredictions(@TempDir Path dir) throws IOException {
        TestImage image = SizeReportTest.twoPlatforms();
        image.writeLayout(dir, "v1");
        java.util.List<String> fetched = new java.util.ArrayList<>();
        try (OciLayoutReader layout = OciLayoutReader.open(dir)) {
            SizeReport report = new ImageSizer()
                    .size(
                            "app:v1",
                            "app:v1",
                            layout.entries().get(0),
                            d -> {
                                fetched.add(d.digest().toString());
                                return io.jenkins.plugins.imagemirror.core.image.ManifestContent.parse(
                                        layout.readBlob(d), d.mediaType());
                            },
                            layout::openBlob,
                            java.util.List.of(),
                            Set.of());
            assertThat(report.archives()).isNotNull();
        }
        assertThat(fetched)
                .as("the index and its two manifests, once each (a registry round trip each)")
                .hasSize(3)
                .doesNotHaveDuplicates();
    }
}
