package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.ImageOutcome;
import io.jenkins.plugins.imagemirror.jenkins.ImageWork;
import io.jenkins.plugins.imagemirror.jenkins.RegistryProfile;
import io.jenkins.plugins.imagemirror.jenkins.StepFlow;
import io.jenkins.plugins.imagemirror.jenkins.StepKind;
import io.jenkins.plugins.imagemirror.jenkins.WorkPlan;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and the Jenkins step are two adapters over one job (core.job.ImageJob): from the same source and the same
 * destinations they write the same artifacts, byte for byte. Nothing is normalised: the report files carry no
 * timestamp, and the tarball is deterministic.
 */
class SameArtifactsIT {
    private static final Testbed BED = Testbed.get();

    @Test
    void copyAndMirrorImageWriteTheSameDigestsReportAndTarball(@TempDir Path tmp) throws Exception {
        String plain = BED.plain();
        String run = "same-" + UUID.randomUUID().toString().substring(0, 8);
        SeedImage seed = new SeedImage(run);
        seed.push(new RegistryClient(RegistrySettings.defaults(plain).withPlainHttp(true)), run + "/seed", "1");
        String source = plain + "/" + run + "/seed:1";
        String first = plain + "/" + run + "/a:1";
        String second = plain + "/" + run + "/b:1";

        Path cliReport = tmp.resolve("cli");
        Path cliTarball = Files.createDirectories(tmp.resolve("cli-out")).resolve("image.tar");
        CliRun cli = CliRun.of(
                "copy",
                "-q",
                "docker://" + source,
                "docker://" + first,
                "docker://" + second,
                "oci-archive:" + cliTarball,
                "--plain-http",
                plain,
                "--report",
                cliReport.toString());
        assertThat(cli.exitCode()).as(cli.toString()).isZero();

        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        Path archived = Files.createDirectories(tmp.resolve("jenkins"));
        LinkedHashMap<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("source", source);
        arguments.put("targets", new ArrayList<>(List.of(target(first), target(second))));
        arguments.put("tarball", "out/image.tar");
        StepFlow flow = new StepFlow(List.of(new RegistryProfile("plain", plain, null, null, true, 5)), List.of());
        WorkPlan plan = flow.plan(StepKind.MIRROR, arguments, id -> {
            throw new IOException("no credentials in this test: " + id);
        });
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        flow.run(plan, p -> new ImageWork(workspace.toFile(), log).run(p), new CopyingRecorder(archived), log);

        List<String> files = List.of("image-digests.env", "image-sizes.json", "image-sizes.html", "image-sizes.css");
        assertThat(names(cliReport)).containsExactlyInAnyOrderElementsOf(files);
        assertThat(names(archived)).containsExactlyInAnyOrderElementsOf(files);
        for (String file : files) {
            assertThat(Files.readAllBytes(archived.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(cliReport.resolve(file)));
        }
        assertThat(Files.readString(cliReport.resolve("image-digests.env")))
                .contains(first + "@" + seed.digest())
                .contains(second + "@" + seed.digest());
        assertThat(Files.readAllBytes(workspace.resolve("out/image.tar")))
                .as("the tarball")
                .isEqualTo(Files.readAllBytes(cliTarball));
    }

    private static Map<String, Object> target(String reference) {
        LinkedHashMap<String, Object> target = new LinkedHashMap<>();
        target.put("reference", reference);
        return target;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Archives as Jenkins' artifact manager does: each file copied under its artifact name. */
    private record CopyingRecorder(Path archived) implements StepFlow.Recorder {
        @Override
        public void archive(String directory, LinkedHashMap<String, String> files) throws IOException {
            if (directory == null) {
                return; // the tarball stays in the workspace (archiveTarball is off)
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.copy(Path.of(directory).resolve(file.getValue()), archived.resolve(file.getKey()));
            }
        }

        @Override
        public void report(ImageOutcome outcome) {}

        @Override
        public int artifactSet(String callId) {
            return 1;
        }
    }
}
