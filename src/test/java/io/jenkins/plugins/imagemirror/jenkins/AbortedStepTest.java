package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.testbed.StallingRegistry;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An aborted build leaves no staging files of its tarball. Jenkins stops a step by interrupting the thread that runs
 * its work on the agent (workflow-step-api's SynchronousNonBlockingStepExecution#stop cancels the Future of the
 * thread that runs the step body, with interruption; hudson.remoting.UserRequest runs FilePath#act's callable on
 * such a thread): here that thread runs ImageWork, interrupted while the tarball is mid-write (the source stalls
 * mid-layer until the test ends, so no timing is involved).
 */
class AbortedStepTest {
    @TempDir
    Path workspace;

    @Test
    void interruptingTheAgentSideWorkLeavesNoFileBesideTheTarball() throws Exception {
        try (StallingRegistry registry = StallingRegistry.start()) {
            RegistryProfile plain = new RegistryProfile(
                    null, registry.host(), null, null, true, RegistryProfile.DEFAULT_MAX_RETRY_WAIT_SECONDS);
            ImageWorkSpec spec = StepArguments.parse(
                    StepKind.MIRROR, Map.of("source", registry.reference(), "tarball", "out/app.tar", "report", false));
            WorkPlan plan = new WorkPlan(
                    spec,
                    new Endpoint(registry.reference(), null, plain),
                    new ArrayList<>(),
                    new LinkedHashMap<>(),
                    new ArrayList<>(List.of(plain)),
                    new ArrayList<>());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread agent = new Thread(
                    () -> {
                        try {
                            new ImageWork(workspace.toFile(), new PrintStream(log, true, StandardCharsets.UTF_8))
                                    .run(plan);
                        } catch (IOException | InterruptedException | RuntimeException e) {
                            failure.set(e);
                        }
                    },
                    "agent-side step work");
            agent.start();
            Path out = workspace.resolve("out");
            while (!stagedBytes(out)) {
                assertThat(agent.isAlive())
                        .as("the work ended before staging anything: " + failure.get())
                        .isTrue();
                Thread.sleep(20); // polling for a state: the source stalls until the test ends
            }

            agent.interrupt(); // what an aborted build does to the agent-side thread

            agent.join();
            assertThat(failure.get()).as("the work stops with a failure").isNotNull();
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("beside the tarball")
                        .isEmpty();
            }
        }
    }

    private static boolean stagedBytes(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(out)) {
            return files.anyMatch(p -> p.toString().contains(".staging-")
                    && p.toString().endsWith(".tmp")
                    && p.toFile().length() >= StallingRegistry.SENT);
        }
    }
}
