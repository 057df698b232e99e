package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StepArgumentsTest {

    static List<Arguments> rejected() {
        return List.of(
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "colour", "red"),
                        "mirrorImage: unknown parameter 'colour'; valid parameters: archiveTarball, buildArgs, buildFile, context, credentialsId, dockerfile, jobs, platforms, report, source, sourceCredentialsId, tags, tarball, target, targets"),
                Arguments.of(
                        StepKind.SIZES,
                        Map.of("source", "alpine", "tarball", "x.tar"),
                        "imageSizes: unknown parameter 'tarball'; valid parameters: source, platforms, sourceCredentialsId"),
                Arguments.of(
                        StepKind.BUILD,
                        Map.of("dockerfile", "Dockerfile", "source", "alpine"),
                        "buildImage: unknown parameter 'source'; valid parameters: archiveTarball, buildArgs, buildFile, context, credentialsId, dockerfile, jobs, platforms, tags, tarball, target, targets"),
                Arguments.of(
                        StepKind.MIRROR,
                        ordered("source", "alpine", "dockerfile", "Dockerfile"),
                        "mirrorImage: parameters 'source' and 'dockerfile' conflict: give exactly one input (a source image, a Dockerfile or a build file)"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("target", "x/y:1"),
                        "mirrorImage: parameter 'source' is required (or 'dockerfile' or 'buildFile')"),
                Arguments.of(
                        StepKind.BUILD,
                        Map.of("target", "x/y:1"),
                        "buildImage: parameter 'dockerfile' is required (or 'buildFile')"),
                Arguments.of(
                        StepKind.MIRROR,
                        ordered(
                                "source",
                                "alpine",
                                "target",
                                "a/b:1",
                                "targets",
                                List.of(Map.of("reference", "c/d:1"))),
                        "mirrorImage: parameters 'target' and 'targets' conflict: give one target as 'target', or several as 'targets'"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "credentialsId", "x"),
                        "mirrorImage: parameter 'credentialsId' goes with 'target'; in 'targets', give each entry its own credentialsId"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "context", "."),
                        "mirrorImage: parameter 'context' applies to a build only (with 'dockerfile' or 'buildFile')"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "archiveTarball", true),
                        "mirrorImage: parameter 'archiveTarball' needs 'tarball' (the path of the OCI tarball to write)"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "oci-archive:a.tar", "sourceCredentialsId", "x"),
                        "mirrorImage: parameter 'sourceCredentialsId' applies to a registry 'source' only; 'oci-archive:a.tar' is read from the workspace"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "report", "yes"),
                        "mirrorImage: parameter 'report' must be true or false, got String 'yes'"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "tags", "latest"),
                        "mirrorImage: parameter 'tags' must be a list, got String 'latest'"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "targets", List.of("a/b:1")),
                        "mirrorImage: parameter 'targets' entry 1: expected [reference: '…', credentialsId: '…'], got String 'a/b:1'"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "targets", List.of(Map.of("ref", "a/b:1"))),
                        "mirrorImage: parameter 'targets' entry 1: unknown key 'ref'; known keys: reference, credentialsId"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "tarball", "../out.tar"),
                        "mirrorImage: parameter 'tarball': '../out.tar' must be a relative path inside the workspace"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("source", "alpine", "buildArgs", List.of("NOEQUALS")),
                        "mirrorImage: parameter 'buildArgs' applies to a build only (with 'dockerfile' or 'buildFile')"),
                Arguments.of(
                        StepKind.MIRROR,
                        Map.of("dockerfile", "Dockerfile", "buildArgs", List.of("NOEQUALS")),
                        "mirrorImage: parameter 'buildArgs': 'NOEQUALS' is not NAME=VALUE"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsNamingTheParameter(StepKind kind, Map<String, Object> arguments, String message) {
        assertThatThrownBy(() -> StepArguments.parse(kind, arguments))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsBadReferencesAndPlatformsWithTheParameterName() {
        assertThatThrownBy(() -> StepArguments.parse(StepKind.MIRROR, Map.of("source", "UPPER/Case")))
                .hasMessageStartingWith("mirrorImage: parameter 'source': ");
        assertThatThrownBy(() ->
                        StepArguments.parse(StepKind.MIRROR, Map.of("source", "alpine", "platforms", List.of("linux"))))
                .hasMessageStartingWith("mirrorImage: parameter 'platforms': ");
        assertThatThrownBy(
                        () -> StepArguments.parse(StepKind.MIRROR, Map.of("source", "alpine", "tags", List.of("-bad"))))
                .hasMessage("mirrorImage: parameter 'tags': '-bad' is not a valid tag");
    }

    @Test
    void acceptsAFullMirrorCall() {
        ImageWorkSpec spec = StepArguments.parse(
                StepKind.MIRROR,
                ordered(
                        "source",
                        "docker.io/library/alpine:3.20",
                        "sourceCredentialsId",
                        "hub",
                        "targets",
                        List.of(
                                Map.of("reference", "corp/mirror/alpine:3.20", "credentialsId", "corp"),
                                Map.of("reference", "127.0.0.1:5000/alpine:3.20")),
                        "tags",
                        List.of("latest"),
                        "platforms",
                        List.of("linux/arm64/v8", "linux/amd64"),
                        "tarball",
                        "out/alpine.tar",
                        "archiveTarball",
                        true,
                        "report",
                        false));
        assertThat(spec.source()).isEqualTo("docker.io/library/alpine:3.20");
        assertThat(spec.sourceCredentialsId()).isEqualTo("hub");
        assertThat(spec.targets())
                .containsExactly(
                        new TargetSpec("corp/mirror/alpine:3.20", "corp"),
                        new TargetSpec("127.0.0.1:5000/alpine:3.20", null));
        assertThat(spec.tags()).containsExactly("latest");
        assertThat(spec.platforms()).containsExactly("linux/arm64/v8", "linux/amd64");
        assertThat(spec.tarball()).isEqualTo("out/alpine.tar");
        assertThat(spec.archiveTarball()).isTrue();
        assertThat(spec.report()).isFalse();
        assertThat(spec.isBuild()).isFalse();
        assertThat(spec.context()).isNull();
    }

    @Test
    void buildDefaultsContextAndSplitsBuildArgs() {
        ImageWorkSpec spec = StepArguments.parse(
                StepKind.BUILD,
                Map.of(
                        "dockerfile",
                        "app/Dockerfile",
                        "buildArgs",
                        List.of("VERSION=1.2=3", "EMPTY="),
                        "target",
                        "a.io/b:1",
                        "credentialsId",
                        "c"));
        assertThat(spec.context()).isEqualTo(".");
        assertThat(spec.buildArgs()).containsExactly(Map.entry("VERSION", "1.2=3"), Map.entry("EMPTY", ""));
        assertThat(spec.targets()).containsExactly(new TargetSpec("a.io/b:1", "c"));
        assertThat(spec.report()).isFalse();
    }

    @Test
    void sizesAlwaysReportAndArchivesAreSources() {
        ImageWorkSpec spec = StepArguments.parse(StepKind.SIZES, Map.of("source", "oci-archive:out/app.tar"));
        assertThat(spec.report()).isTrue();
        assertThat(spec.sourceForm()).isEqualTo(SourceForm.OCI_ARCHIVE);
        assertThat(spec.sourcePath()).isEqualTo("out/app.tar");
    }

    @Test
    void groovyStringsAreStrings() {
        CharSequence gstring = new StringBuilder("docker.io/library/alpine:3.20");
        ImageWorkSpec spec = StepArguments.parse(StepKind.SIZES, Map.of("source", gstring));
        assertThat(spec.source()).isEqualTo("docker.io/library/alpine:3.20");
    }

    /** A parameter added in its step class alone ({@code jobs}) is bound, checked and reaches the engine's options. */
    @Test
    void jobsReachTheCopyOptions(@TempDir Path workspace) throws Exception {
        assertThatThrownBy(() -> StepArguments.parse(StepKind.MIRROR, Map.of("source", "alpine", "jobs", 0)))
                .hasMessage("mirrorImage: parameter 'jobs': 0 is not between 1 and 64 (blobs copied at once;"
                        + " the default is 4)");
        assertThatThrownBy(() -> StepArguments.parse(StepKind.BUILD, Map.of("dockerfile", "D", "jobs", "8")))
                .hasMessage("buildImage: parameter 'jobs' must be a whole number, got String '8'");
        assertThatThrownBy(() -> StepArguments.parse(StepKind.SIZES, Map.of("source", "alpine", "jobs", 8)))
                .hasMessageStartingWith("imageSizes: unknown parameter 'jobs'");
        assertThat(StepArguments.parse(StepKind.MIRROR, Map.of("source", "alpine"))
                        .jobs())
                .isEqualTo(CopyOptions.DEFAULT_JOBS);

        Files.createDirectories(workspace.resolve("layout"));
        Files.writeString(workspace.resolve("layout/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        MirrorImageStep step = new MirrorImageStep();
        step.setSource("oci:layout");
        step.setJobs(8);
        assertThat(step.arguments()).containsEntry("jobs", 8);
        ImageWorkSpec spec = StepArguments.parse(StepKind.MIRROR, step.arguments());
        WorkPlan plan = new WorkPlan(
                spec, null, new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
        assertThat(spec.request(plan, workspace, workspace.resolve("out"))
                        .copy()
                        .jobs())
                .isEqualTo(8);
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }
}
