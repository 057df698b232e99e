package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, part 6: a file named with a right-to-left override (U+202E) or DEL shows escaped ({@code \u202E}) in the
 * HTML and text reports, never applied, and keeps its exact name in JSON.
 */
class HostileNamesTest {
    static final String REVERSED = "invoice\u202Efdp.exe";
    static final String WITH_DEL = "tmp/del\u007Fete";

    static SizeReport report() throws java.io.IOException {
        byte[] layer = new TestLayers()
                .file(REVERSED, new byte[4096])
                .file(WITH_DEL, new byte[2048])
                .tar();
        TestImage image = new TestImage().platform("linux", "amd64", List.of(layer), List.of("COPY x \u202E/"));
        return new SizeReportCalculator(new LayerAnalyzer())
                .calculate("registry.example/app\u202E:1", null, image.images(), image, Set.of());
    }

    @Test
    void htmlShowsControlsEscaped() throws Exception {
        String html = new SizeReportHtmlWriter().toHtml(report());
        assertThat(html)
                .doesNotContain("\u202E")
                .doesNotContain("\u007F")
                .contains("invoice\\u202Efdp.exe")
                .contains("tmp/del\\u007Fete")
                .contains("registry.example/app\\u202E:1")
                .contains("COPY x \\u202E/");
    }

    @Test
    void textShowsControlsEscaped() throws Exception {
        String text = new SizeReportTextWriter().toText(report());
        assertThat(text).doesNotContain("\u202E").startsWith("Image sizes for registry.example/app\\u202E:1\n");
    }

    @Test
    void jsonKeepsTheExactNames() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new SizeReportJsonWriter().toJsonText(report()));
        JsonNode largest = json.at("/platforms/0/layers/0/largestFiles");
        assertThat(largest.get(0).get("path").asText()).isEqualTo(REVERSED);
        assertThat(largest.get(1).get("path").asText()).isEqualTo(WITH_DEL);
    }

    @Test
    void oneLayerIsSingular() throws Exception {
        String first = report().platforms().get(0).explanation().get(0);
        assertThat(first).startsWith("Compression: the one layer weighs ");
        TestImage two = SizeReportTest.twoPlatforms();
        String second = new SizeReportCalculator(new LayerAnalyzer())
                .calculate("app", null, two.images().subList(0, 1), two, Set.of())
                .platforms()
                .get(0)
                .explanation()
                .get(0);
        assertThat(second).startsWith("Compression: the 2 layers weigh ");
    }
}
