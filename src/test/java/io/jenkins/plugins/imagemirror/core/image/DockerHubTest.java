package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every name of Docker Hub is one host, wherever a host is compared: references, settings, the configuration. */
class DockerHubTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "docker.io",
                "index.docker.io",
                "registry-1.docker.io",
                "registry.hub.docker.com",
                "Index.Docker.IO"
            })
    void everyAliasIsDockerHub(String host) {
        assertThat(DockerHub.isAlias(host)).isTrue();
        assertThat(DockerHub.canonicalHost(host)).isEqualTo("docker.io");
        assertThat(DockerHub.apiHost(host)).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse(host + "/team/app:1").registry()).isEqualTo("docker.io");
        assertThat(ImageReference.parse(host + "/nginx:1").repository()).isEqualTo("library/nginx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry.corp:5000", "docker.io.evil.example", "quay.io", "localhost"})
    void otherHostsAreThemselves(String host) {
        assertThat(DockerHub.isAlias(host)).isFalse();
        assertThat(DockerHub.canonicalHost(host)).isEqualTo(host);
        assertThat(DockerHub.apiHost(host)).isEqualTo(host);
    }
}
