package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Several image step calls in one build keep their own report files: the first the plain names, then -2, -3... */
class ArtifactNameTest {

    @Test
    void theFirstSetKeepsThePlainNames() {
        assertThat(ArtifactName.of("image-sizes.json", 1)).isEqualTo("image-sizes.json");
        assertThat(ArtifactName.of("image-digests.env", 1)).isEqualTo("image-digests.env");
    }

    @Test
    void laterSetsNumberTheNameBeforeItsExtension() {
        assertThat(ArtifactName.of("image-sizes.json", 2)).isEqualTo("image-sizes-2.json");
        assertThat(ArtifactName.of("image-sizes.html", 12)).isEqualTo("image-sizes-12.html");
        assertThat(ArtifactName.of("image-digests.env", 3)).isEqualTo("image-digests-3.env");
        assertThat(ArtifactName.of("README", 2)).isEqualTo("README-2");
    }

    /** Every page links its stylesheet as image-sizes.css, and every set's stylesheet is the same file. */
    @Test
    void theStylesheetKeepsItsNameInEverySet() {
        assertThat(ArtifactName.of("image-sizes.css", 2)).isEqualTo("image-sizes.css");
    }
}
