package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.remoting.RequestAbortedException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How one attempt of a step call ends, as the Jenkins execution reports it: a user's mistake as one line (an
 * AbortException: no stack trace in the build log), a bug with its stack trace, nothing at all when the controller is
 * shutting down (the call runs again on resume) or the build aborted the step (its abort is reported already).
 */
class StepCallTest {
    static final RegistryProfile CORP =
            new RegistryProfile("corp", "registry.corp.example:5000", "corp-push", null, false, 5);

    @TempDir
    Path workspace;

    StepCall.Ending attempt(TestController controller, Map<String, Object> arguments) {
        return new StepCall(StepKind.MIRROR, new LinkedHashMap<>(arguments)).attempt(controller, () -> false);
    }

    TestController controller() {
        return new TestController(workspace, List.of(CORP), Map.of());
    }

    static Stream<Arguments> mistakesFoundBeforeAnyWork() {
        return Stream.of(
                Arguments.of(
                        Map.of("source", "UPPER/Case", "target", "corp/team/app:1"),
                        "mirrorImage: parameter 'source': image reference 'UPPER/Case': repository 'Case':"
                                + " component 'Case' must be lower-case letters and digits, separated by '.', '_',"
                                + " '__' or '-'"),
                Arguments.of(
                        Map.of("source", "alpine:3.20", "target", "corp/team/alpine:3.20"),
                        "mirrorImage: credentials 'corp-push' not found: add a 'Username with password' credential"
                                + " with this id that this job may use (a Docker Hub access token is the password)"),
                Arguments.of(
                        Map.of("source", "alpine:3.20", "taget", "corp/team/alpine:3.20"),
                        "mirrorImage: unknown parameter 'taget'; valid parameters: archiveTarball, buildArgs,"
                                + " buildFile, context, credentialsId, dockerfile, jobs, platforms, report, source,"
                                + " sourceCredentialsId, tags, tarball, target, targets"),
                Arguments.of(
                        Map.of("source", "alpine:3.20", "dockerfile", "Dockerfile", "target", "a.io/b:1"),
                        "mirrorImage: parameters 'source' and 'dockerfile' conflict: give exactly one input (a source"
                                + " image, a Dockerfile or a build file)"));
    }

    @ParameterizedTest
    @MethodSource
    void mistakesFoundBeforeAnyWork(Map<String, Object> arguments, String message) {
        TestController controller = controller();
        StepCall.Ending ending = attempt(controller, new LinkedHashMap<>(arguments));
        assertThat(ending.userMessage()).isEqualTo(message);
        assertThat(ending.bug()).isNull();
        assertThat(ending.result()).isNull();
        assertThat(controller.agentCalls).as("nothing ran on the agent").isZero();
    }

    @Test
    void aMissingWorkspaceArchiveIsNamedNotLookedUpOnDockerHub() {
        TestController controller = controller();
        StepCall.Ending ending = attempt(controller, Map.of("source", "out/app.tar", "tarball", "copy.tar"));
        assertThat(ending.userMessage())
                .isEqualTo("mirrorImage: source 'out/app.tar': "
                        + workspace.resolve("out/app.tar")
                        + " does not exist on this agent; give the path, relative to the"
                        + " workspace, of an OCI layout directory or of an oci-archive or docker-archive tar");
        assertThat(controller.logText()).doesNotContain("docker.io");
    }

    @Test
    void aFileThatIsNoImageArchiveSaysSo() throws IOException {
        Files.writeString(workspace.resolve("notes.tar"), "not a tar at all, just text that is long enough".repeat(20));
        StepCall.Ending ending = attempt(controller(), Map.of("source", "notes.tar", "tarball", "copy.tar"));
        assertThat(ending.userMessage())
                .startsWith("mirrorImage: source 'notes.tar': " + workspace.resolve("notes.tar"))
                .doesNotContain("\n");
        assertThat(ending.bug()).isNull();
    }

    /**
     * A clean stop (Jenkins.cleanUp) terminates the agent channels: remoting's Channel.terminate aborts the pending
     * Request of FilePath.act (Request.abort: RequestAbortedException) or the call finds the channel closed. While
     * Jenkins.isTerminating() that is not the step's failure: nothing is reported and the execution waits for
     * StepExecution.onResume after the restart.
     */
    @ParameterizedTest
    @MethodSource("channelLosses")
    void aChannelLostWhileTheControllerShutsDownIsNotAFailure(Exception lost) throws IOException {
        Files.createDirectories(workspace.resolve("layout"));
        TestController controller = controller();
        controller.terminating = true;
        controller.agent = plan -> rethrow(lost);
        StepCall.Ending ending = attempt(controller, Map.of("source", "oci:layout", "tarball", "copy.tar"));
        assertThat(ending.awaitingResume()).isTrue();
        assertThat(ending.result()).isNull();
        assertThat(ending.userMessage()).isNull();
        assertThat(ending.bug()).isNull();
        assertThat(controller.logText())
                .contains("mirrorImage: the controller is shutting down; this step runs again when"
                        + " the build resumes (what was already pushed is skipped)");
    }

    @ParameterizedTest
    @MethodSource("channelLosses")
    void aChannelLostWhileTheControllerRunsIsOneLine(Exception lost) {
        TestController controller = controller();
        controller.agent = plan -> rethrow(lost);
        StepCall.Ending ending = attempt(controller, Map.of("source", "oci:layout", "tarball", "copy.tar"));
        assertThat(ending.awaitingResume()).isFalse();
        assertThat(ending.userMessage())
                .startsWith("mirrorImage: lost the connection to the agent (")
                .endsWith("); run the build again once the agent is back");
    }

    static ImageOutcome rethrow(Exception lost) throws IOException {
        if (lost instanceof IOException io) {
            throw io;
        }
        throw (RuntimeException) lost;
    }

    static Stream<Exception> channelLosses() {
        return Stream.of(
                new RequestAbortedException(new ClosedChannelException()),
                new ClosedChannelException(),
                new IOException("remote call failed", new RequestAbortedException(new IOException("Unexpected EOF"))));
    }

    @Test
    void anAbortedStepReportsNothingMore() {
        TestController controller = controller();
        controller.agent = plan -> {
            throw new InterruptedException();
        };
        StepCall.Ending ending = new StepCall(
                        StepKind.MIRROR, new LinkedHashMap<>(Map.of("source", "oci:layout", "tarball", "copy.tar")))
                .attempt(controller, () -> true);
        assertThat(ending.result()).isNull();
        assertThat(ending.userMessage()).isNull();
        assertThat(ending.bug()).isNull();
        assertThat(ending.awaitingResume()).isFalse();
    }

    @Test
    void aBugKeepsItsStackTrace() {
        TestController controller = controller();
        NullPointerException bug = new NullPointerException("a bug");
        controller.agent = plan -> {
            throw bug;
        };
        StepCall.Ending ending = attempt(controller, Map.of("source", "oci:layout", "tarball", "copy.tar"));
        assertThat(ending.bug()).isSameAs(bug);
        assertThat(ending.userMessage()).isNull();
    }

    /**
     * The execution is saved with the program (workflow-cps CpsThreadGroup.saveProgram writes program.dat with JBoss
     * River, i.e. Java serialization of every reachable field): its state must be the call alone, no Run, FilePath,
     * listener, thread or Future. The background task and the stop cause are transient.
     */
    @Test
    void theExecutionHoldsNoLiveResource() {
        List<String> persisted = new ArrayList<>();
        for (Class<?> type = ImageStep.Execution.class; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
                    persisted.add(type.getSimpleName() + "." + field.getName() + ": "
                            + field.getType().getName());
                }
            }
        }
        assertThat(persisted).containsExactly("Execution.call: " + StepCall.class.getName());
        List<String> callFields = new ArrayList<>();
        for (Field field : StepCall.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                callFields.add(field.getName() + ": " + field.getType().getName());
            }
        }
        assertThat(callFields)
                .containsExactly(
                        "kind: " + StepKind.class.getName(),
                        "arguments: java.util.LinkedHashMap",
                        "id: java.lang.String");
    }
}
