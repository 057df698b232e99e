package io.jenkins.plugins.imagemirror.core.build.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellWordsTest {
    private static final Map<String, String> ENV = Map.of("A", "alpha", "EMPTY", "", "P", "/usr/bin");
    private final ShellWords words = new ShellWords('\\');

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "$A|alpha",
                "${A}x|alphax",
                "$Ax|''",
                "${UNSET:-def}|def",
                "${EMPTY:-def}|def",
                "${EMPTY-def}|''",
                "${A:+set}|set",
                "${UNSET:+set}|''",
                "${EMPTY+set}|set",
                "${UNSET:-$A/x}|alpha/x",
                "'$A'|$A",
                "\"$A b\"|alpha b",
                "\\$A|$A",
                "\"\\$A\\\"\"|$A\"",
                "\"a\\b\"|a\\b",
                "a\\ b|a b",
                "$|$",
                "a$-b|a$-b",
                "$P:/x|/usr/bin:/x",
            })
    void substitutesLikeDocker(String raw, String expected) {
        assertThat(words.expand(raw, ENV)).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "${UNSET:?needed}|UNSET: needed",
                "${UNSET?}|UNSET: is not allowed to be unset",
            })
    void requiredVariables(String raw, String message) {
        assertThatThrownBy(() -> words.expand(raw, ENV)).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a b  c|a,b,c",
                "\"a b\" c|\"a b\",c",
                "'x y' z\\ w|'x y',z\\ w",
            })
    void splitsOnUnquotedBlanks(String text, String expected) {
        assertThat(words.split(text)).isEqualTo(List.of(expected.split(",")));
    }
}
