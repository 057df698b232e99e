package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
    private final RegistryProfile corp =
            new RegistryProfile("corp", "https://registry.corp:5000/", "corp-push", "PEM", false, 120);
    private final RegistryProfile hub = new RegistryProfile("hub", "docker.io", "hub-token", null, false, 30);

    @Test
    void namesResolveToHostsAndTakeTheRegistrysSettings() {
        TargetResolver resolver = new TargetResolver(List.of(corp, hub), List.of());
        ImageWorkSpec spec = StepArguments.parse(
                StepKind.MIRROR,
                Map.of(
                        "source",
                        "alpine:3.20",
                        "targets",
                        List.of(
                                Map.of("reference", "corp/team/alpine:3.20"),
                                Map.of("reference", "registry.corp:5000/other/alpine:3.20", "credentialsId", "mine")),
                        "tags",
                        List.of("latest")));
        List<Endpoint> destinations = resolver.destinations(spec);
        assertThat(destinations)
                .extracting(Endpoint::reference)
                .containsExactly(
                        "registry.corp:5000/team/alpine:3.20", "registry.corp:5000/team/alpine:latest",
                        "registry.corp:5000/other/alpine:3.20", "registry.corp:5000/other/alpine:latest");
        assertThat(destinations)
                .extracting(Endpoint::credentialsId)
                .containsExactly("corp-push", "corp-push", "mine", "mine");
        assertThat(destinations.get(0).registry().caCertificatePem()).isEqualTo("PEM");
        assertThat(destinations.get(0).registry().maxRetryWaitSeconds()).isEqualTo(120);
        Endpoint source = resolver.source(spec);
        assertThat(source.reference()).isEqualTo("docker.io/library/alpine:3.20");
        assertThat(source.credentialsId()).isEqualTo("hub-token");
    }

    @Test
    void unconfiguredHostsAreAnonymousTls() {
        TargetResolver resolver = new TargetResolver(List.of(), List.of());
        ImageWorkSpec spec = StepArguments.parse(
                StepKind.MIRROR, Map.of("source", "127.0.0.1:5000/a:1", "target", "127.0.0.1:5001/b:1"));
        Endpoint target = resolver.destinations(spec).get(0);
        assertThat(target.credentialsId()).isNull();
        assertThat(target.registry()).isEqualTo(RegistryProfile.unconfigured("127.0.0.1:5001"));
    }

    @Test
    void defaultTargetsReceiveTheSourceRepository() {
        TargetResolver resolver = new TargetResolver(List.of(corp), List.of("corp/mirror", "127.0.0.1:5000/cache/"));
        ImageWorkSpec spec = StepArguments.parse(StepKind.MIRROR, Map.of("source", "docker.io/library/alpine:3.20"));
        assertThat(resolver.destinations(spec))
                .extracting(Endpoint::reference)
                .containsExactly(
                        "registry.corp:5000/mirror/library/alpine:3.20", "127.0.0.1:5000/cache/library/alpine:3.20");
    }

    @Test
    void noTargetAtAllFailsWithTheFix() {
        TargetResolver resolver = new TargetResolver(List.of(), List.of());
        ImageWorkSpec spec = StepArguments.parse(StepKind.MIRROR, Map.of("source", "alpine"));
        assertThatThrownBy(() -> resolver.destinations(spec))
                .hasMessage("mirrorImage: nothing to write: give 'target',"
                        + " 'targets' or 'tarball' (or set default targets in Manage Jenkins → System → Image Mirror)");
        ImageWorkSpec tarballOnly =
                StepArguments.parse(StepKind.MIRROR, Map.of("source", "alpine", "tarball", "a.tar"));
        assertThat(resolver.destinations(tarballOnly)).isEmpty();
    }

    @Test
    void targetsNeedTags() {
        TargetResolver resolver = new TargetResolver(List.of(), List.of());
        ImageWorkSpec spec = StepArguments.parse(
                StepKind.MIRROR, Map.of("source", "alpine", "target", "a.io/b@sha256:" + "0".repeat(64)));
        assertThatThrownBy(() -> resolver.destinations(spec))
                .hasMessageContaining("has a digest; a target needs a tag");
    }
}
