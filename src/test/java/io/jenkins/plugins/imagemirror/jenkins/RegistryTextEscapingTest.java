package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.job.ImageJob;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobResult;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.size.TestImage;
import io.jenkins.plugins.imagemirror.core.size.TestLayers;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
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
        Path layout = dir.resolve("layout");
        try (ImageSource seed = image.asSource();
                ImageDestination written = Transports.openDestination(
                        ImageLocation.of(Transport.OCI_LAYOUT, layout, "registry.example/" + XSS),
                        Registries.defaults(),
                        List.of(),
                        null)) {
            new ImageCopier(CopyOptions.defaults(), CopyListener.NONE).copy(seed, List.of(written));
        }
        ImageOutcome outcome = report(ImageLocation.of(Transport.OCI_LAYOUT, layout, "registry.example/" + XSS), dir);
        String html = Files.readString(dir.resolve("image-sizes.html"));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("registry.example/&lt;script&gt;");
        assertThat(outcome.reportFiles).containsExactly("image-sizes.json", "image-sizes.html", "image-sizes.css");
        assertThat(outcome.platforms).hasSize(1);
        assertThat(outcome.platforms.get(0).sizes.get("registry")).isEqualTo(image.compressedBytes());
        assertThat(outcome.platforms.get(0).sizes.get("docker")).isEqualTo(image.fileBytes());
        assertThat(outcome.explanation).isNotBlank();
    }

    /**
     * Issue 11, part 6: a layer holding a file named with a right-to-left override, through the step's report code:
     * escaped in the archived HTML and on the build page (the view model its summary and page print), exact in JSON.
     */
    @Test
    void aReversedFileNameIsShownEscapedAndKeptExact(@TempDir Path dir) throws Exception {
        String name = "invoice\u202Efdp.exe";
        byte[] layer = new TestLayers().file(name, new byte[4096]).tar();
        Path layout = new TestImage()
                .platform("linux", "amd64", List.of(layer), List.of("COPY invoice /"))
                .writeLayout(dir.resolve("layout"), "1");
        Path out = dir.resolve("out");
        ImageOutcome outcome = report(ImageLocation.of(Transport.OCI_LAYOUT, layout, null), out);
        assertThat(Files.readString(out.resolve("image-sizes.html")))
                .doesNotContain("\u202E")
                .contains("invoice\\u202Efdp.exe");
        JsonNode json =
                new ObjectMapper().readTree(out.resolve("image-sizes.json").toFile());
        assertThat(json.at("/platforms/0/layers/0/largestFiles/0/path").asText())
                .isEqualTo(name);

        ImageMirrorAction action = BuildPageTest.recordAll(outcome);
        ReportView.LayerRow row =
                action.getCalls().get(0).getPlatforms().get(0).layers().get(0);
        assertThat(row.largestFiles()).extracting(ReportView.FileRow::path).containsExactly("invoice\\u202Efdp.exe");
        assertThat(action.getOutcomes()
                        .get(0)
                        .platforms
                        .get(0)
                        .layers
                        .get(0)
                        .largestFiles
                        .get(0)
                        .path)
                .as("the stored value stays exact")
                .isEqualTo(name);
    }

    /** The step's report code: core's job sizes the image, {@link JobOutcome} keeps what the build page shows. */
    private static ImageOutcome report(ImageLocation image, Path out) throws Exception {
        JobResult result = new ImageJob(CopyListener.NONE)
                .run(new JobRequest(JobTarget.of(image), null, List.of(), List.of(), List.of(), null, null, out, true));
        ImageOutcome outcome = new ImageOutcome();
        outcome.digest = result.digest().toString();
        JobOutcome.addReport(outcome, result.report(), result.files());
        return outcome;
    }
}
