package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.size.ReportSchema;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build and sizes verbs as the README's main job uses them, against the test bed's registries. */
class BuildAndSizesCommandIT {
    private static final Testbed BED = Testbed.get();
    private static final Path SAMPLE = Path.of("resources/sample-image");

    @TempDir
    Path tmp;

    private static String repo(String what) {
        return "it/" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void buildsTheSampleToTwoRegistriesAndAnArchiveWithOneDigestAndWritesTheReport() throws IOException {
        String hub = BED.plain() + "/" + repo("sample") + ":1.0";
        String corp = BED.token() + "/" + repo("sample") + ":1.0";
        Path archive = tmp.resolve("sample.tar");
        Path report = tmp.resolve("report");
        Path json = tmp.resolve("result.json");

        CliRun run = CliRun.of(
                "build",
                SAMPLE.toString(),
                "docker://" + hub,
                "docker://" + corp,
                "oci-archive:" + archive + ":registry.corp/team/sample:1.0",
                "--platform",
                "linux/amd64,linux/arm64",
                "--cache",
                tmp.resolve("cache").toString(),
                "--report",
                report.toString(),
                "--json",
                json.toString(),
                "--plain-http",
                BED.plain(),
                "--ca-cert",
                BED.token() + "=" + BED.caCert(),
                "--authfile",
                authfile().toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        Digest digest = Digest.parse(result.get("digest").asText());
        try (Runtimes runtimes = new Runtimes(BED)) {
            byte[] index = runtimes.skopeoInspectRaw(hub);
            assertThat(Digest.sha256(index)).isEqualTo(digest);
            assertThat(new String(index, StandardCharsets.UTF_8))
                    .contains("\"arm64\"")
                    .contains("\"amd64\"");
            assertThat(Digest.sha256(runtimes.skopeoInspectRaw(corp, true))).isEqualTo(digest);
            assertThat(runtimes.ctrImport(archive, runtimes.freshNamespace(), true))
                    .contains("registry.corp/team/sample:1.0");
        }
        JsonNode sizes = ReportSchema.assertValid(Files.readAllBytes(report.resolve("image-sizes.json")));
        assertThat(sizes.toString()).contains("linux/amd64").contains("linux/arm64");
        assertThat(Files.readString(report.resolve("image-sizes.html")))
                .contains("<svg")
                .doesNotContain("<script");
        String env = Files.readString(report.resolve("image-digests.env"));
        assertThat(env).contains(hub + "@" + digest).contains(corp + "@" + digest);

        CliRun sizesRun = CliRun.of("sizes", "oci-archive:" + archive, "--platform", "linux/arm64");
        assertThat(sizesRun.exitCode()).as(sizesRun.toString()).isZero();
        assertThat(sizesRun.out())
                .contains("linux/arm64")
                .doesNotContain("linux/amd64")
                .contains("containerd (ctr)")
                .contains("podman")
                .contains("docker (overlay2)");
    }

    @Test
    void runInADockerfileFailsBeforeAnyWorkWithTheLine() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY a /a\nRUN make\n");
        Files.writeString(context.resolve("a"), "a");
        String target = BED.plain() + "/" + repo("run") + ":1";
        Path out = Files.createDirectories(tmp.resolve("out"));

        CliRun run = CliRun.of(
                "build",
                context.toString(),
                "docker://" + target,
                "oci-archive:" + out.resolve("x.tar"),
                "--cache",
                tmp.resolve("cache").toString(),
                "--plain-http",
                BED.plain());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.error()).startsWith("error: ").contains("Dockerfile:3").contains("RUN");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
        CliRun pull = CliRun.of(
                "copy", "-q", "docker://" + target, "oci:" + tmp.resolve("never"), "--plain-http", BED.plain());
        assertThat(pull.exitCode()).as("nothing was pushed").isEqualTo(1);
    }

    private Path authfile() throws IOException {
        Path file = tmp.resolve("auth.json");
        String auth = java.util.Base64.getEncoder()
                .encodeToString((BED.tokenUser() + ":" + BED.tokenPass()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(file, "{\"auths\":{\"" + BED.token() + "\":{\"auth\":\"" + auth + "\"}}}");
        return file;
    }
}
