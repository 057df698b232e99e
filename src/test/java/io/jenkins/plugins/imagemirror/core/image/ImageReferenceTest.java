package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx                               | docker.io/library/nginx:latest                | registry-1.docker.io | library/nginx
            nginx:1.27                          | docker.io/library/nginx:1.27                  | registry-1.docker.io | library/nginx
            bitnami/redis:7                     | docker.io/bitnami/redis:7                     | registry-1.docker.io | bitnami/redis
            docker.io/nginx                     | docker.io/library/nginx:latest                | registry-1.docker.io | library/nginx
            index.docker.io/library/nginx:1     | docker.io/library/nginx:1                     | registry-1.docker.io | library/nginx
            localhost/app                       | localhost/app:latest                          | localhost            | app
            localhost:5000/team/app:v1.2.3      | localhost:5000/team/app:v1.2.3                | localhost:5000       | team/app
            127.0.0.1:5001/a/b/c:tag_1          | 127.0.0.1:5001/a/b/c:tag_1                    | 127.0.0.1:5001       | a/b/c
            registry.corp/team/app              | registry.corp/team/app:latest                 | registry.corp        | team/app
            Registry/app                        | Registry/app:latest                           | Registry             | app
            ghcr.io/o/r__x.y-z:1                | ghcr.io/o/r__x.y-z:1                          | ghcr.io              | o/r__x.y-z
            """)
    void parsesWithDockerDefaults(String input, String canonical, String apiHost, String repository) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.toString()).isEqualTo(canonical);
        assertThat(ref.apiHost()).isEqualTo(apiHost);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ImageReference.parse(canonical)).isEqualTo(ref);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            nginx@DIGEST                  | docker.io/library/nginx@DIGEST
            nginx:1.27@DIGEST             | docker.io/library/nginx:1.27@DIGEST
            127.0.0.1:5000/app@DIGEST     | 127.0.0.1:5000/app@DIGEST
            """)
    void keepsTagAndDigest(String input, String canonical) {
        ImageReference ref = ImageReference.parse(input.replace("DIGEST", D));
        assertThat(ref.toString()).isEqualTo(canonical.replace("DIGEST", D));
        assertThat(ref.manifestReference()).isEqualTo(D);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Nginx                 | component 'Nginx' must be lower-case
            nginx:                | empty tag
            nginx:-bad            | tag '-bad'
            a//b                  | component ''
            nginx@sha256:abc      | expected 64 lower-case hex
            nginx@md5:abc         | unsupported algorithm 'md5'
            'ng inx'              | white space
            UPPER/Repo            | component 'Repo'
            host:99999999/app     | is not a host[:port]
            """)
    void rejectsWithThePreciseRule(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("image reference '" + input + "'")
                .hasMessageContaining(message);
    }

    @Property(tries = 500)
    void neverFailsOtherThanWithIllegalArgument(@ForAll @StringLength(max = 80) String junk) {
        try {
            ImageReference ref = ImageReference.parse(junk);
            assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
