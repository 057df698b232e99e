package io.jenkins.plugins.imagemirror.core.build.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Randomised: quoting protects any text, and a quoted word survives the whole parse-and-plan path. */
class ShellWordsPropertyTest {
    private final ShellWords words = new ShellWords('\\');

    @Property
    void singleQuotesKeepEverythingLiteral(@ForAll @CharRange(from = ' ', to = '~') @StringLength(max = 40) String s) {
        String text = s.replace("'", "");
        assertThat(words.expand("'" + text + "'", Map.of("A", "x"))).isEqualTo(text);
    }

    @Property
    void doubleQuotesWithEscapesKeepEverything(
            @ForAll @CharRange(from = ' ', to = '~') @StringLength(max = 40) String s) {
        String quoted = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
        assertThat(words.split(quoted)).hasSize(1);
        assertThat(words.expand(quoted, Map.of())).isEqualTo(s);
    }

    @Property
    void envValuesRoundTripThroughParserAndPlanner(
            @ForAll @CharRange(from = ' ', to = '~') @Chars({'é', 'ü'}) @StringLength(max = 30) String value)
            throws Exception {
        String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
        Dockerfile d = DockerfileParser.parse("Dockerfile", "FROM scratch\nENV V=" + quoted + "\n");
        BuildPlan plan = DockerfilePlanner.plan(
                d,
                new DockerfilePlanner.Inputs(
                        Map.of(),
                        io.jenkins.plugins.imagemirror.core.image.Platform.parse("linux/amd64"),
                        List.of(),
                        null,
                        java.time.Instant.EPOCH,
                        java.time.Instant.EPOCH,
                        null,
                        null,
                        ImageFilesystem.empty()));
        assertThat(plan.environment()).containsExactly(Map.entry("V", value));
    }
}
