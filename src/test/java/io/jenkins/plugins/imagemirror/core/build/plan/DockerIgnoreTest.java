package io.jenkins.plugins.imagemirror.core.build.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerIgnoreTest {

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*.md|README.md|true",
                "*.md|docs/README.md|false",
                "**/*.md|docs/a/README.md|true",
                "**/*.md|README.md|true",
                "docs|docs/a/b.txt|true",
                "docs/**|docs/a/b.txt|true",
                "/build|build/out.jar|true",
                "./build/|build|true",
                "a/**/z|a/z|true",
                "a/**/z|a/b/c/z|true",
                "a/?.txt|a/1.txt|true",
                "a/?.txt|a/12.txt|false",
                "[a-c].txt|b.txt|true",
                "[!a-c].txt|b.txt|false",
                "target|targets|false",
                "*|anything/below|true",
                "\\*.txt|*.txt|true",
                "\\*.txt|a.txt|false",
            })
    void matchesLikeDocker(String pattern, String path, boolean excluded) throws Exception {
        assertThat(DockerIgnore.parse(".dockerignore", pattern).excluded(path)).isEqualTo(excluded);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'*.log\n!keep.log'|keep.log|false",
                "'*.log\n!keep.log'|drop.log|true",
                "'!keep.log\n*.log'|keep.log|true",
                "'docs\n!docs/api'|docs/api/x.html|false",
                "'docs\n!docs/api'|docs/guide.html|true",
                "'# comment\n\n  tmp  '|tmp/x|true",
            })
    void lastMatchWinsAndExceptionsReinclude(String patterns, String path, boolean excluded) throws Exception {
        assertThat(DockerIgnore.parse(".dockerignore", patterns.replace("\\n", "\n"))
                        .excluded(path))
                .isEqualTo(excluded);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'ok\n['|.dockerignore:2: invalid pattern '[': unclosed [; fix the brackets or escape them with \\",
                "'!'|.dockerignore:1: illegal exclusion pattern '!'; write !path to re-include a path",
            })
    void rejectsMalformedPatternsWithTheirLine(String patterns, String message) {
        assertThatThrownBy(() -> DockerIgnore.parse(".dockerignore", patterns.replace("\\n", "\n")))
                .isInstanceOf(BuildInputException.class)
                .hasMessage(message);
    }
}
