package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/steps.md carries the same text as the help files the Snippet Generator shows: the part between the markers
 * is generated from them. Run with {@code -Dimage-mirror.write-docs=true} to regenerate it after editing a help
 * file; without it the test fails when the two differ.
 */
class StepReferenceTest {
    static final Path DOC = Path.of("docs/steps.md");
    static final String BEGIN = "<!-- BEGIN generated from the help files by StepReferenceTest -->\n";
    static final String END = "<!-- END generated -->\n";
    static final Path VIEWS = Path.of("src/main/resources/io/jenkins/plugins/imagemirror/jenkins");

    @Test
    void stepReferenceMatchesTheHelpFiles() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("markers in " + DOC).isNotNegative();
        String expected = generated();
        if (Boolean.getBoolean("image-mirror.write-docs")) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + expected + doc.substring(end));
            return;
        }
        assertThat(doc.substring(begin + BEGIN.length(), end)).isEqualTo(expected);
    }

    @Test
    void everyParameterHasHelp() {
        for (StepKind kind : StepKind.values()) {
            for (String parameter : kind.parameters()) {
                assertThat(VIEWS.resolve(stepClass(kind) + "/help-" + parameter + ".html"))
                        .exists();
            }
            assertThat(VIEWS.resolve(stepClass(kind) + "/help.html")).exists();
        }
    }

    static String generated() throws IOException {
        StringBuilder md = new StringBuilder();
        for (StepKind kind : StepKind.values()) {
            Path dir = VIEWS.resolve(stepClass(kind));
            md.append("\n## `").append(kind.functionName()).append("`\n\n");
            md.append(markdown(Files.readString(dir.resolve("help.html")))).append("\n\n");
            md.append("| Parameter | Meaning |\n|---|---|\n");
            for (String parameter : kind.parameters()) {
                md.append("| `")
                        .append(parameter)
                        .append("` | ")
                        .append(markdown(Files.readString(dir.resolve("help-" + parameter + ".html")))
                                .replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        md.append('\n');
        return md.toString();
    }

    static String stepClass(StepKind kind) {
        return switch (kind) {
            case MIRROR -> "MirrorImageStep";
            case BUILD -> "BuildImageStep";
            case SIZES -> "ImageSizesStep";
        };
    }

    /** The help files' small HTML subset (div, code) as one line of Markdown. */
    static String markdown(String html) {
        String text = html.replaceAll("</?div>", "")
                .replace("<code>", "`")
                .replace("</code>", "`")
                .replaceAll("\\s+", " ")
                .strip();
        assertThat(text).as("help text uses only <div> and <code>").doesNotContain("<");
        for (List<String> entity : List.of(List.of("&lt;", "<"), List.of("&gt;", ">"), List.of("&amp;", "&"))) {
            text = text.replace(entity.get(0), entity.get(1));
        }
        return text;
    }
}
