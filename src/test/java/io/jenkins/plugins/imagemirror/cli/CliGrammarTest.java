package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One grammar for every verb: each takes -q, --json FILE, --platform and the registry options, and a usage error
 * prints one line and the usage once.
 */
class CliGrammarTest {
    private static final String[] SHARED = {
        "-q",
        "--quiet",
        "--json=FILE",
        "--authfile=FILE",
        "--ca-cert=HOST=PEM",
        "--plain-http=HOST",
        "--max-retry-wait=SECONDS",
        "--platform=OS/ARCH"
    };

    @ParameterizedTest
    @ValueSource(strings = {"copy", "build", "sizes"})
    void everyVerbTakesTheSharedOptions(String verb) {
        Run help = run(verb, "--help");
        assertThat(help.code()).isZero();
        for (String option : SHARED) {
            assertThat(help.out()).as(verb + " --help").contains(option);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy", "build", "sizes"})
    void quietAndJsonParseForEveryVerb(String verb) {
        // the options parse; what fails is the missing image: exit 1 or 2 with an error line and no usage text
        String[] args = switch (verb) {
            case "build" -> new String[] {verb, "-q", "--json", "/tmp/r.json", "/nonexistent-context", "oci:/tmp/x"};
            case "copy" -> new String[] {verb, "-q", "--json", "/tmp/r.json", "oci:/nonexistent-layout", "oci:/tmp/x"};
            default -> new String[] {verb, "-q", "--json", "/tmp/r.json", "oci:/nonexistent-layout"};
        };
        Run result = run(args);
        assertThat(result.err())
                .doesNotContain("Unknown option")
                .doesNotContain("Usage:")
                .startsWith("error: ");
        assertThat(result.err().lines().count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy", "build", "sizes"})
    void aUsageErrorPrintsOneLineAndTheUsageOnce(String verb) {
        Run result =
                verb.equals("sizes") ? run(verb, "--no-such-option", "a") : run(verb, "--no-such-option", "a", "b");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines().findFirst().orElse("")).isEqualTo("Unknown option: '--no-such-option'");
        assertThat(count(result.err(), "Usage: image-mirror " + verb))
                .as(result.err())
                .isEqualTo(1);
        assertThat(result.err()
                        .lines()
                        .filter(l -> !l.startsWith(" ") && l.contains("option"))
                        .count())
                .as("one error line")
                .isEqualTo(1);
        assertThat(result.out()).as("stdout").isEmpty();
    }

    private record Run(int code, String out, String err) {}

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
