package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values Stapler binds into a step become the same named-argument map a script writes (what a call saves), and
 * that map binds back to an equal step, so Jenkins and the JenkinsPipelineUnit tests go through one validation;
 * invalid calls end the step with one line before any work.
 */
class StepBindingTest {

    @Test
    void mirrorStepBindsToTheScriptsMap() {
        MirrorImageStep step = new MirrorImageStep();
        step.setSource("docker.io/library/nginx:1.27");
        step.setSourceCredentialsId(" ");
        MirrorTarget corp = new MirrorTarget("corp/mirror/nginx:1.27");
        corp.setCredentialsId("corp-push");
        step.setTargets(List.of(corp, new MirrorTarget("127.0.0.1:5000/nginx:1.27")));
        step.setTags(List.of("stable"));
        step.setTarball("out/nginx.tar");
        step.setArchiveTarball(true);
        step.setReport(false);
        assertThat(step.arguments())
                .containsExactly(
                        Map.entry("archiveTarball", true),
                        Map.entry("report", false),
                        Map.entry("source", "docker.io/library/nginx:1.27"),
                        Map.entry("tags", List.of("stable")),
                        Map.entry("tarball", "out/nginx.tar"),
                        Map.entry(
                                "targets",
                                List.of(
                                        Map.of("reference", "corp/mirror/nginx:1.27", "credentialsId", "corp-push"),
                                        Map.of("reference", "127.0.0.1:5000/nginx:1.27"))));
        ImageWorkSpec spec = StepArguments.parse(StepKind.MIRROR, step.arguments());
        assertThat(spec.targets())
                .containsExactly(
                        new TargetSpec("corp/mirror/nginx:1.27", "corp-push"),
                        new TargetSpec("127.0.0.1:5000/nginx:1.27", null));
    }

    @Test
    void defaultsAreNotArguments() {
        assertThat(new MirrorImageStep().arguments()).isEmpty();
        assertThat(new BuildImageStep().arguments()).isEmpty();
        assertThat(new ImageSizesStep("alpine").arguments()).containsExactly(Map.entry("source", "alpine"));
    }

    @Test
    void invalidCallsEndWithOneLineBeforeAnyWork(@TempDir Path workspace) {
        MirrorImageStep step = new MirrorImageStep();
        step.setSource("alpine");
        step.setDockerfile("Dockerfile");
        TestController controller = new TestController(workspace, List.of(), Map.of());
        StepCall.Ending ending = new StepCall(StepKind.MIRROR, step.arguments()).attempt(controller, () -> false);
        assertThat(ending.userMessage())
                .isEqualTo("mirrorImage: parameters 'source' and 'dockerfile' conflict: give"
                        + " exactly one input (a source image, a Dockerfile or a build file)");
        BuildImageStep build = new BuildImageStep();
        build.setTarget("a.io/b:1");
        ending = new StepCall(StepKind.BUILD, build.arguments()).attempt(controller, () -> false);
        assertThat(ending.userMessage()).isEqualTo("buildImage: parameter 'dockerfile' is required (or 'buildFile')");
        assertThat(controller.agentCalls).isZero();
    }

    @Test
    void theSavedArgumentsBindBackToTheSameStep() {
        MirrorImageStep step = new MirrorImageStep();
        step.setDockerfile("Dockerfile");
        step.setBuildArgs(List.of("VERSION=1"));
        step.setPlatforms(List.of("linux/amd64"));
        MirrorTarget corp = new MirrorTarget("corp/team/app:1");
        corp.setCredentialsId("corp-push");
        step.setTargets(List.of(corp));
        step.setReport(false);
        ImageStep bound = StepArguments.bind(StepKind.MIRROR, step.arguments());
        assertThat(bound).isInstanceOf(MirrorImageStep.class);
        assertThat(bound.arguments()).isEqualTo(step.arguments());
        assertThat(StepArguments.parse(StepKind.MIRROR, step.arguments())).isEqualTo(ImageWorkSpec.of(step, false));
    }

    /** The parameter list is the step classes' setters, as structs reads them: nothing else lists the names. */
    @Test
    void theParametersAreTheStepClassesSetters() {
        assertThat(StepKind.SIZES.parameters()).containsExactly("source", "platforms", "sourceCredentialsId");
        assertThat(StepKind.BUILD.parameters())
                .doesNotContain("source", "report")
                .contains("dockerfile", "targets");
        assertThat(StepKind.MIRROR.parameters())
                .containsAll(StepKind.BUILD.parameters())
                .contains("source", "sourceCredentialsId", "report")
                .hasSize(StepKind.BUILD.parameters().size() + 3);
    }
}
