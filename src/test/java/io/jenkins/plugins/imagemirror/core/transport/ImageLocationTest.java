package io.jenkins.plugins.imagemirror.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageLocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            docker://nginx                         | docker://docker.io/library/nginx:latest      | REGISTRY
            docker://127.0.0.1:5000/app:1          | docker://127.0.0.1:5000/app:1                | REGISTRY
            oci-archive:/tmp/app.tar               | oci-archive:/tmp/app.tar                     | OCI_ARCHIVE
            oci-archive:/tmp/app.tar:app:1.0       | oci-archive:/tmp/app.tar:app:1.0             | OCI_ARCHIVE
            oci:out/layout:latest                  | oci:out/layout:latest                        | OCI_LAYOUT
            docker-archive:img.tar:repo/app:2      | docker-archive:img.tar:repo/app:2            | DOCKER_ARCHIVE
            """)
    void parsesAndPrintsSymmetrically(String input, String printed, ImageLocation.Transport transport) {
        ImageLocation location = ImageLocation.parse(input);
        assertThat(location.transport()).isEqualTo(transport);
        assertThat(location.toString()).isEqualTo(printed);
        assertThat(ImageLocation.parse(printed)).isEqualTo(location);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            nginx:1.27              | image location 'nginx:1.27': unknown transport 'nginx:'; expected one of docker://REF, oci-archive:PATH[:NAME], oci:PATH[:NAME], docker-archive:PATH[:NAME] (for a registry image write docker://nginx:1.27)
            ftp://x/y               | image location 'ftp://x/y': unknown transport 'ftp:'
            oci-archive:            | image location 'oci-archive:': oci-archive:: a path is required
            docker://Bad/Name       | image location 'docker://Bad/Name': image reference 'Bad/Name': repository 'Name': component 'Name'
            """)
    void rejectsWithTheAcceptedForms(String input, String message) {
        assertThatThrownBy(() -> ImageLocation.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource({"registry.corp/team/app:1,docker://registry.corp/team/app:1", "oci:dir,oci:dir"})
    void jenkinsTargetsMayOmitTheRegistryTransport(String input, String printed) {
        assertThat(ImageLocation.parseOrReference(input).toString()).isEqualTo(printed);
    }
}
