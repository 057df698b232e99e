package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.size.ImageSizer;
import io.jenkins.plugins.imagemirror.core.size.SizeReport;
import io.jenkins.plugins.imagemirror.core.transport.RegistrySource;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step's size report after a push to another registry comes from the layer scans the copy made as it streamed
 * the layers (no read-back), kept in the workspace's {@code @tmp} for later agent JVMs, and gives exactly the
 * numbers of a report that reads the pushed image back; the manifest and config it read are kept there too.
 */
class ReportScansIT {
    static final Testbed BED = Testbed.get();

    @TempDir
    Path dir;

    @Test
    void theReportOfAPushIsScannedFromTheCopysStreamAndMatchesAReadBack() throws Exception {
        SeedImage image = new SeedImage("scans-" + UUID.randomUUID()); // layers no JVM cache has seen
        String repository = "scans/" + UUID.randomUUID();
        image.push(new RegistryClient(RegistrySettings.defaults(BED.plain()).withPlainHttp(true)), repository, "1");
        String ca = Files.readString(BED.caCert());
        List<RegistryProfile> registries = List.of(
                new RegistryProfile("up", BED.plain(), null, null, true, 5),
                new RegistryProfile("corp", BED.tls(), "corp-push", ca, false, 5));
        RegistryLogin login = new RegistryLogin("corp-push", BED.tlsUser(), BED.tlsPass());
        WorkPlan plan = new StepFlow(registries, List.of())
                .plan(
                        StepKind.MIRROR,
                        Map.of("source", "up/" + repository + ":1", "target", "corp/" + repository + ":1"),
                        id -> login);
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        ImageOutcome outcome =
                new ImageWork(workspace.toFile(), new PrintStream(log, true, StandardCharsets.UTF_8)).run(plan);

        assertThat(outcome.digest).isEqualTo(image.digest());
        try (var kept = Files.list(dir.resolve("ws@tmp").resolve("image-mirror-layer-scans"))) {
            List<String> names = kept.map(p -> p.getFileName().toString()).toList();
            for (Descriptor blob : image.blobDescriptors()) {
                if (blob.mediaType().contains("layer")) {
                    assertThat(names).contains("sha256-" + blob.digest().hex() + "-10.scan");
                }
            }
        }
        try (var kept = Files.list(dir.resolve("ws@tmp").resolve("image-mirror-documents"))) {
            List<String> names = kept.map(p -> p.getFileName().toString()).toList();
            List<String> documents = new java.util.ArrayList<>(List.of("sha256-"
                    + io.jenkins.plugins.imagemirror.core.image.Digest.parse(image.digest())
                            .hex() + ".doc"));
            for (Descriptor blob : image.blobDescriptors()) {
                if (!blob.mediaType().contains("layer")) {
                    documents.add("sha256-" + blob.digest().hex() + ".doc"); // the config
                }
            }
            assertThat(names)
                    .as("the manifest and config the report read, for later agent JVMs")
                    .containsExactlyInAnyOrderElementsOf(documents);
        }
        RegistryClient corp = new RegistryClient(registries.get(1).settings(login));
        try (RegistrySource pushed =
                new RegistrySource(corp, ImageReference.parse(BED.tls() + "/" + repository + ":1"))) {
            SizeReport readBack = new ImageSizer()
                    .size("pushed", pushed.resolve(), pushed::manifest, pushed::openBlob, null, Set.of());
            assertThat(outcome.platforms).hasSize(1);
            assertThat(outcome.platforms.get(0).sizes)
                    .isEqualTo(new LinkedHashMap<>(
                            readBack.platforms().get(0).sizes().byKey()));
            assertThat(outcome.platforms.get(0).sizes.get("docker")).isEqualTo(image.fileBytes());
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(BED.tlsPass());
    }
}
