package io.jenkins.plugins.imagemirror.core.build.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.build.BuildInputException;
import io.jenkins.plugins.imagemirror.core.build.BuildSpec;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildFileParserTest {
    private static final String HEAD = "apiVersion: image-mirror/v1\nkind: BuildFile\n";

    @TempDir
    Path tmp;

    private static BuildFile parse(String yaml, Map<String, String> args) throws BuildInputException {
        return BuildFileParser.parse("build.yaml", yaml, args, Instant.EPOCH);
    }

    @Test
    void everyFieldCompilesToThePlan() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.createDirectories(context.resolve("lib/deep"));
        Files.writeString(context.resolve("lib/a.jar"), "a");
        Files.writeString(context.resolve("lib/deep/b.jar"), "b");
        Files.writeString(context.resolve("lib/deep/c.txt"), "c");
        BuildFile file = parse(
                HEAD + "from:\n  image: ${BASE}\n  platforms:\n    - linux/arm64\n"
                        + "    - {os: linux, architecture: arm, variant: v7}\n"
                        + "creationTime: 2024-01-02T03:04:05Z\nformat: OCI\nenvironment: {A: \"1\"}\nlabels: {l: v}\n"
                        + "volumes: [/data]\nexposedPorts: [\"80\", 53/udp]\nuser: \"7\"\nworkingDirectory: /w\n"
                        + "entrypoint: [/bin/app]\nlayers:\n  properties: {user: \"7\", group: \"8\", timestamp: \"1000\"}\n"
                        + "  entries:\n    - name: jars\n      properties: {filePermissions: \"600\"}\n      files:\n"
                        + "        - src: lib\n          dest: /app/lib\n          includes: [\"**/*.jar\"]\n"
                        + "          excludes: [a.jar]\n",
                Map.of("BASE", "oci:/base"));
        assertThat(file.base(null)).isEqualTo("oci:/base");
        BuildSpec spec =
                new BuildSpec(context, null, tmp.resolve("build.yaml"), Map.of(), List.of(), tmp, tmp, null, null);
        assertThat(file.platforms(spec.platforms()))
                .containsExactly(Platform.parse("linux/arm64"), Platform.parse("linux/arm/v7"));
        BuildPlan plan = file.plan(
                Platform.parse("linux/arm64"),
                "scratch",
                null,
                new ContextFiles(context, DockerIgnore.NONE),
                null,
                ImageFilesystem.empty());
        assertThat(plan.created()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(plan.environment()).isEqualTo(Map.of("A", "1"));
        assertThat(plan.labels()).isEqualTo(Map.of("l", "v"));
        assertThat(plan.volumes()).containsExactly("/data");
        assertThat(plan.exposedPorts()).containsExactly("80/tcp", "53/udp");
        assertThat(plan.user()).isEqualTo("7");
        assertThat(plan.workingDirectory()).isEqualTo("/w");
        assertThat(plan.entrypoint()).containsExactly("/bin/app");
        assertThat(plan.cmd()).isNull();
        assertThat(plan.clearInheritedCmd()).isTrue();
        LayerSpec layer = plan.layers().get(0);
        assertThat(layer.line()).isEqualTo(20);
        assertThat(layer.entries())
                .extracting(e -> e.target() + " " + Integer.toOctalString(e.mode()) + " " + e.ownership() + " "
                        + e.modified().toEpochMilli())
                .containsExactly(
                        "/app/lib 755 7:8 1000", "/app/lib/deep 755 7:8 1000", "/app/lib/deep/b.jar 600 7:8 1000");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "kind: BuildFile|build.yaml:1: Missing required creator property 'apiVersion' (index 0); see resources/sample-image/build.yaml for the format",
                "apiVersion: v9\\nkind: BuildFile|build.yaml:1: unsupported apiVersion 'v9'; use jib/v1alpha1 or image-mirror/v1",
                "apiVersion: jib/v1alpha1\\nkind: Pod|build.yaml:2: unsupported kind 'Pod'; use BuildFile",
                "apiVersion: jib/v1alpha1\\nkind: BuildFile\\nformat: Docker|build.yaml:3: format 'Docker' is not supported; image-mirror writes OCI images (every runtime and registry reads them): use OCI",
                "apiVersion: jib/v1alpha1\\nkind: BuildFile\\nentrypont: [x]|build.yaml:3: unknown field 'entrypont'; expected one of apiVersion, cmd, creationTime, entrypoint, environment, exposedPorts, format, from, kind, labels, layers, user, volumes, workingDirectory",
                "apiVersion: jib/v1alpha1\\nkind: BuildFile\\ncreationTime: yesterday|build.yaml:3: creationTime 'yesterday' is neither milliseconds since the epoch nor an ISO-8601 instant like 2024-01-01T00:00:00Z",
                "apiVersion: jib/v1alpha1\\nkind: BuildFile\\nfrom:\\n  image: ${NOPE}|build.yaml:4: ${NOPE} has no value; pass --build-arg NOPE=VALUE",
            })
    void rejectsWithLine(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n"), Map.of()))
                .isInstanceOf(BuildInputException.class)
                .hasMessage(message);
    }

    @Test
    void planErrorsNameTheLayer() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        BuildFile file = parse(
                HEAD + "layers:\n  entries:\n    - name: app\n      properties: {user: app}\n"
                        + "      files:\n        - {src: missing, dest: /app}\n",
                Map.of());
        assertThatThrownBy(() -> file.plan(
                        Platform.parse("linux/amd64"),
                        "scratch",
                        null,
                        new ContextFiles(context, DockerIgnore.NONE),
                        null,
                        ImageFilesystem.empty()))
                .hasMessage("build.yaml:5: user 'app' and group '0' must be numeric ids (image-mirror does not read "
                        + "the image's /etc/passwd), e.g. user: \"1000\"");
        BuildFile relative = parse(
                HEAD + "layers:\n  entries:\n    - name: app\n      files:\n" + "        - {src: missing, dest: app}\n",
                Map.of());
        assertThatThrownBy(() -> relative.plan(
                        Platform.parse("linux/amd64"),
                        "scratch",
                        null,
                        new ContextFiles(context, DockerIgnore.NONE),
                        null,
                        ImageFilesystem.empty()))
                .hasMessage("build.yaml:5: dest 'app' of layer app must be absolute, e.g. /app");
    }
}
