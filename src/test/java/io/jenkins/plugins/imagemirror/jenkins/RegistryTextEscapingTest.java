package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text an image carries (history written by whoever built it, the name the script gave) reaches the archived HTML
 * report escaped. The build-page views escape the same text through Jelly's escape-by-default (ViewsTest).
 */
class RegistryTextEscapingTest {
    static final String XSS = "<script>alert(1)</script>";

    @Test
    void htmlReportEscapesHistoryAndName(@TempDir Path dir) throws Exception {
        SeedImage image = new SeedImage("xss", "COPY " + XSS + " /x");
        ImageOutcome outcome = new ImageOutcome();
        ReportFiles.writeReport(outcome, image.asSource(), "registry.example/" + XSS, List.of(), dir);
        String html = Files.readString(dir.resolve("image-sizes.html"));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(outcome.reportFiles).containsExactly("image-sizes.json", "image-sizes.html", "image-sizes.css");
        assertThat(outcome.platforms).hasSize(1);
        assertThat(outcome.platforms.get(0).sizes.get("registry")).isEqualTo(image.compressedBytes());
        assertThat(outcome.platforms.get(0).sizes.get("docker")).isEqualTo(image.fileBytes());
        assertThat(outcome.explanation).isNotBlank();
    }
}
