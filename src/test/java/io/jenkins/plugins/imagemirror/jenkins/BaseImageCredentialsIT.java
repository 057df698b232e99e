package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build pulls its {@code FROM} image with the credentials of the configured registry that holds it, also when that
 * registry is not a target of the call (docs/configuration.md): here the test bed's TLS registry with htpasswd,
 * configured with a credentials id and the CA, and the image written only as a tarball.
 */
class BaseImageCredentialsIT {
    static final Testbed BED = Testbed.get();

    @TempDir
    Path dir;

    @BeforeAll
    static void seedBase() throws IOException {
        RegistrySettings settings = RegistrySettings.defaults(BED.tls())
                .withCaCertificatePem(Files.readString(BED.caCert()))
                .withCredentials(new RegistryCredentials(BED.tlsUser(), BED.tlsPass()));
        new SeedImage("base").push(new RegistryClient(settings), "base/seed", "1");
    }

    @Test
    void fromImagesOfAConfiguredRegistryUseItsCredentialsWithoutBeingATarget() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(
                workspace.resolve("Dockerfile"), "FROM " + BED.tls() + "/base/seed:1\nCOPY hello.txt /hello.txt\n");
        Files.writeString(workspace.resolve("hello.txt"), "hello\n");
        RegistryProfile corp =
                new RegistryProfile("corp", BED.tls(), "corp-pull", Files.readString(BED.caCert()), false, 5);
        StepFlow flow = new StepFlow(List.of(corp), List.of());
        WorkPlan plan = flow.plan(StepKind.BUILD, Map.of("dockerfile", "Dockerfile", "tarball", "out/app.tar"), id -> {
            assertThat(id).isEqualTo("corp-pull");
            return new RegistryLogin(id, BED.tlsUser(), BED.tlsPass());
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ImageOutcome outcome =
                new ImageWork(workspace.toFile(), new PrintStream(log, true, StandardCharsets.UTF_8)).run(plan);
        assertThat(outcome.tarball).isEqualTo("out/app.tar");
        assertThat(outcome.digest).startsWith("sha256:");
        assertThat(Files.size(workspace.resolve("out/app.tar")))
                .isEqualTo(outcome.tarballBytes)
                .isPositive();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(BED.tlsPass());
    }

    @Test
    void aMissingCredentialOfAnUnusedRegistryIsAWarningNotAFailure() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws2"));
        Files.writeString(workspace.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
        Files.writeString(workspace.resolve("hello.txt"), "hello\n");
        RegistryProfile other = new RegistryProfile("other", "registry.other.example", "gone", null, false, 5);
        TestController controller = new TestController(workspace, List.of(other), Map.of());
        StepCall.Ending ending = new StepCall(
                        StepKind.BUILD,
                        new java.util.LinkedHashMap<>(Map.of("dockerfile", "Dockerfile", "tarball", "out/app.tar")))
                .attempt(controller, () -> false);
        assertThat(ending.userMessage()).isNull();
        assertThat(ending.result()).containsEntry("tarball", "out/app.tar");
        assertThat(controller.logText())
                .contains("buildImage: credentials 'gone' of registry 'other' not found; base"
                        + " images from registry.other.example are pulled anonymously");
    }
}
