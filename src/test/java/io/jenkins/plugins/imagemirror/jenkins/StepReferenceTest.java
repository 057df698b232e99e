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
                assertThat(help(kind, "help-" + parameter + ".html"))
                        .as("help for %s's %s", kind.functionName(), parameter)
                        .isNotNull();
            }
            assertThat(VIEWS.resolve(kind.stepClass().getSimpleName() + "/help.html"))
                    .as("a step's own help, in its own class's folder")
                    .exists();
        }
    }

    @Test
    void aParameterSharedByStepsHasOneHelpFileBesideItsDeclaration() throws IOException {
        // the one help-jobs.html of PushingImageStep serves mirrorImage and buildImage alike
        assertThat(help(StepKind.MIRROR, "help-jobs.html"))
                .isEqualTo(help(StepKind.BUILD, "help-jobs.html"))
                .isEqualTo(VIEWS.resolve("PushingImageStep/help-jobs.html"));
        assertThat(help(StepKind.SIZES, "help-platforms.html"))
                .isEqualTo(VIEWS.resolve("ImageStep/help-platforms.html"));
        try (var files = Files.walk(VIEWS)) {
            List<Path> helps = files.filter(f -> f.getFileName().toString().startsWith("help-"))
                    .toList();
            for (Path a : helps) {
                for (Path b : helps) {
                    if (a.compareTo(b) < 0 && a.getFileName().equals(b.getFileName())) {
                        assertThat(Files.readString(a))
                                .as("%s and %s: one shared help file in the class that declares the parameter", a, b)
                                .isNotEqualTo(Files.readString(b));
                    }
                }
            }
        }
    }

    /**
     * The help file Jenkins shows for a step: the first class, from the step's own up its superclasses, whose folder
     * holds NAME, as structs' {@code DescribableModel.getHelp(String)} ({@code for (Klass<?> c = Klass.java(type);
     * c != null; c = c.getSuperClass()) c.getResource(name)}; the Snippet Generator and the Pipeline Syntax
     * reference) and core's {@code Descriptor.getHelpFile(Klass, String)} (over {@code clazz.getAncestors()}; the
     * form's help links) look it up. Null when none has it.
     */
    static Path help(StepKind kind, String name) {
        for (Class<?> c = kind.stepClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            Path file = VIEWS.resolve(c.getSimpleName()).resolve(name);
            if (c.getPackageName().equals(ImageStep.class.getPackageName()) && Files.exists(file)) {
                return file;
            }
        }
        return null;
    }

    static String generated() throws IOException {
        StringBuilder md = new StringBuilder();
        for (StepKind kind : StepKind.values()) {
            md.append("\n## `").append(kind.functionName()).append("`\n\n");
            md.append(markdown(Files.readString(help(kind, "help.html")))).append("\n\n");
            md.append("| Parameter | Meaning |\n|---|---|\n");
            for (String parameter : kind.parameters()) {
                md.append("| `")
                        .append(parameter)
                        .append("` | ")
                        .append(markdown(Files.readString(help(kind, "help-" + parameter + ".html")))
                                .replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        md.append('\n');
        return md.toString();
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
