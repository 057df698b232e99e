package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestAndPlatformTest {

    @Test
    void sha256OfKnownInput() {
        assertThat(Digest.sha256("").toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digest.parse(Digest.sha256("x").toString())).isEqualTo(Digest.sha256("x"));
        assertThat(Digest.sha256("").shortForm()).isEqualTo("sha256:e3b0c44298fc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sha256",
                "sha256:",
                "sha256:ABCD",
                "md5:d41d8cd98f00b204e9800998ecf8427e",
                ":abc",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85G"
            })
    void rejectsMalformedDigests(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digest");
    }

    @ParameterizedTest
    @CsvSource({
        "linux/amd64,linux/amd64",
        "linux/arm64/v8,linux/arm64/v8",
        "LINUX/ARM/v7,linux/arm/v7",
        "windows/amd64,windows/amd64"
    })
    void platformsRoundTrip(String input, String printed) {
        assertThat(Platform.parse(input).toString()).isEqualTo(printed);
        assertThat(Platform.parse(printed)).isEqualTo(Platform.parse(input));
    }

    @ParameterizedTest
    @CsvSource({
        "linux/arm64,linux/arm64/v8,true",
        "linux/arm64/v8,linux/arm64,true",
        "linux/amd64,linux/x86_64,true",
        "linux/arm/v6,linux/arm/v7,false",
        "linux/amd64,linux/arm64,false",
        "linux/arm,linux/arm/v7,true"
    })
    void platformMatchingNormalises(String wanted, String candidate, boolean matches) {
        assertThat(Platform.parse(wanted).matches(Platform.parse(candidate))).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "linux/", "/amd64", "linux/amd64/v8/x", "linux/am d64"})
    void rejectsMalformedPlatforms(String text) {
        assertThatThrownBy(() -> Platform.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("platform '" + text + "'");
    }
}
