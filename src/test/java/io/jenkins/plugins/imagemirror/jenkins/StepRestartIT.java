package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.remoting.RequestAbortedException;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.jenkins.pipeline.SeedImage;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror survives a controller restart, modelled step by step on what Jenkins does, against the test bed's registry:
 * <ol>
 *   <li>Shutdown (Jenkins.cleanUp, Jenkins.isTerminating() true) terminates the agent channel mid-copy. remoting's
 *       {@code Channel.terminate} cancels the agent's executing requests with {@code Future.cancel(true)} (the copy
 *       is interrupted there) and aborts the controller's pending ones ({@code Request.abort}): {@code FilePath.act}
 *       ends with RequestAbortedException or, for a call made as the channel closes, ClosedChannelException.</li>
 *   <li>Workflow saves the program with the step execution in it (CpsThreadGroup.saveProgram: JBoss River, i.e. Java
 *       serialization, into program.dat) and reads it back after the restart; FilePathPickle.rehydrate waits until
 *       the agent is connected again before the program, and so StepExecution.onResume, runs.</li>
 *   <li>onResume runs the call again: blobs already pushed are skipped, the manifest is pushed, the script gets the
 *       same digest and one report is recorded.</li>
 * </ol>
 */
class StepRestartIT {
    static final Testbed BED = Testbed.get();
    static final SeedImage IMAGE = seed();
    static final RegistryProfile UP = new RegistryProfile("up", BED.plain(), null, null, true, 5);
    static final RegistryClient CLIENT =
            new RegistryClient(RegistrySettings.defaults(BED.plain()).withPlainHttp(true));

    @TempDir
    Path dir;

    @BeforeAll
    static void seedSource() throws IOException {
        IMAGE.push(CLIENT, "restart/seed", "1");
    }

    @Test
    void anExecutionSavedMidCopyAtShutdownResumesWithTheSameDigest() throws Exception {
        assertResumes("restart/aborted", new RequestAbortedException(new ClosedChannelException()));
    }

    @Test
    void aCallMadeAsTheChannelClosesResumesToo() throws Exception {
        assertResumes("restart/closed", new ClosedChannelException());
    }

    /**
     * The narrow window after a call recorded its report and archived its files but before workflow saw its result
     * (StepContext.onSuccess): the controller goes down, the program is read back, onResume runs the call again. The
     * run's page (build.xml) still holds the first record: the call keeps its one place there, and overwrites its own
     * artifact set, not a new one.
     */
    @Test
    void aCallRunAgainAfterItRecordedIsRecordedOnceUnderTheSameArtifacts() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        writeSeedTarball(workspace);
        LinkedHashMap<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("source", "out/seed.tar");
        arguments.put("target", "up/restart/recorded-" + Long.toHexString(System.nanoTime()) + ":1");
        ImageStep.Execution execution = execution(new StepCall(StepKind.MIRROR, arguments));
        TestController beforeRestart = new TestController(workspace, List.of(UP), Map.of());
        beforeRestart.artifactSet("an-earlier-call-of-the-build");
        assertThat(callOf(execution).attempt(beforeRestart, () -> false).result())
                .isNotNull();

        TestController afterRestart = new TestController(workspace, List.of(UP), Map.of());
        afterRestart.page = beforeRestart.page;
        StepCall.Ending resumed = callOf(roundTrip(execution)).attempt(afterRestart, () -> false);

        assertThat(resumed.result()).containsEntry("digest", IMAGE.digest());
        assertThat(afterRestart.page.getOutcomes()).hasSize(1);
        assertThat(afterRestart.archived)
                .isEqualTo(beforeRestart.archived)
                .containsExactly("image-digests-2.env", "image-sizes-2.json", "image-sizes-2.html", "image-sizes.css");
        assertThat(resumed.result().get("artifacts")).isEqualTo(beforeRestart.archived);
    }

    /**
     * Aborting the build still stops the work: Execution.stop records the cause and cancels the background task
     * (Future.cancel(true) interrupts it, and remoting forwards the interrupt of a pending FilePath.act to the agent);
     * the interrupted work is not reported a second time and pushes no manifest.
     */
    @Test
    void abortingTheBuildInterruptsTheWork() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        writeSeedTarball(workspace);
        String repository = "restart/stopped-" + Long.toHexString(System.nanoTime());
        LinkedHashMap<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("source", "out/seed.tar");
        arguments.put("target", "up/" + repository + ":1");
        TestController controller = new TestController(workspace, List.of(UP), Map.of());
        AtomicBoolean stopped = new AtomicBoolean();
        Thread[] stepThread = new Thread[1];
        controller.agent = plan -> ImageWorkCallable.run(
                new ImageWork(workspace.toFile(), onFirstBlob(controller, () -> {
                    stopped.set(true);
                    stepThread[0].interrupt();
                })),
                plan);
        StepCall.Ending[] ending = new StepCall.Ending[1];
        stepThread[0] = new Thread(
                () -> ending[0] = new StepCall(StepKind.MIRROR, arguments).attempt(controller, stopped::get), "step");
        stepThread[0].start();
        stepThread[0].join();

        assertThat(stopped)
                .as("stopped mid-copy; log:%n%s", controller.logText())
                .isTrue();
        assertThat(ending[0].result()).isNull();
        assertThat(ending[0].userMessage()).isNull();
        assertThat(ending[0].bug()).isNull();
        assertThat(ending[0].awaitingResume()).isFalse();
        assertThat(controller.reports).isEmpty();
        assertThat(CLIENT.headManifest(repository, "1")).isEmpty();
    }

    private static void writeSeedTarball(Path workspace) {
        LinkedHashMap<String, Object> toTarball = new LinkedHashMap<>();
        toTarball.put("source", "up/restart/seed:1");
        toTarball.put("tarball", "out/seed.tar");
        toTarball.put("report", false);
        assertThat(new StepCall(StepKind.MIRROR, toTarball)
                        .attempt(new TestController(workspace, List.of(UP), Map.of()), () -> false)
                        .result())
                .containsEntry("tarball", "out/seed.tar");
    }

    /** The agent's log, copied to the controller's, calling {@code action} once when the first blob is uploaded. */
    private static PrintStream onFirstBlob(TestController controller, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return new PrintStream(
                new OutputStream() {
                    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

                    @Override
                    public synchronized void write(int b) {
                        controller.log.write(b);
                        if (b != '\n') {
                            line.write(b);
                            return;
                        }
                        if (line.toString(StandardCharsets.UTF_8).contains(" copied in ") && !done.getAndSet(true)) {
                            action.run();
                        }
                        line.reset();
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    /**
     * The image comes from a tarball in the workspace (written by a first call), so that its blobs are uploaded (a
     * registry-to-same-registry copy would mount them) to a repository no earlier run used.
     */
    private void assertResumes(String name, Exception channelLoss) throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        writeSeedTarball(workspace);
        String repository = name + "-" + Long.toHexString(System.nanoTime());
        LinkedHashMap<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("source", "out/seed.tar");
        arguments.put("target", "up/" + repository + ":1");
        ImageStep.Execution execution = execution(new StepCall(StepKind.MIRROR, arguments));

        TestController beforeRestart = new TestController(workspace, List.of(UP), Map.of());
        beforeRestart.terminating = true;
        AtomicBoolean interruptedMidCopy = new AtomicBoolean();
        beforeRestart.agent =
                plan -> agentLostAfterTheFirstBlob(workspace, plan, beforeRestart, interruptedMidCopy, channelLoss);
        StepCall.Ending first = callOf(execution).attempt(beforeRestart, () -> false);

        assertThat(interruptedMidCopy)
                .as("the copy was interrupted after a blob was pushed; log:\n%s", beforeRestart.logText())
                .isTrue();
        assertThat(first.awaitingResume()).isTrue();
        assertThat(first.userMessage()).isNull();
        assertThat(first.bug()).isNull();
        assertThat(beforeRestart.reports).isEmpty();
        assertThat(CLIENT.headManifest(repository, "1"))
                .as("no manifest before the restart")
                .isEmpty();
        assertThat(presentBlobs(repository))
                .as("some blobs were pushed before the restart")
                .isPositive();

        ImageStep.Execution restored = roundTrip(execution);

        TestController afterRestart = new TestController(workspace, List.of(UP), Map.of());
        StepCall.Ending resumed = callOf(restored).attempt(afterRestart, () -> false);

        assertThat(resumed.userMessage()).isNull();
        assertThat(resumed.bug()).isNull();
        assertThat(resumed.result()).containsEntry("digest", IMAGE.digest());
        @SuppressWarnings("unchecked")
        Map<String, Object> pushed =
                ((List<Map<String, Object>>) resumed.result().get("targets")).get(0);
        assertThat(pushed)
                .containsEntry("reference", BED.plain() + "/" + repository + ":1@" + IMAGE.digest())
                .containsEntry("status", "pushed")
                .containsEntry("digest", IMAGE.digest());
        assertThat(afterRestart.logText())
                .as("blobs pushed before the restart are skipped")
                .contains(" present at ");
        assertThat(afterRestart.reports).hasSize(1);
        assertThat(afterRestart.reports.get(0).digest).isEqualTo(IMAGE.digest());
        assertThat(CLIENT.headManifest(repository, "1").map(d -> d.digest().toString()))
                .contains(IMAGE.digest());
    }

    /**
     * The agent side runs the real work in its own thread, as remoting's request thread on the agent; when the
     * first blob is pushed the channel terminates: that thread is interrupted (Channel.terminate: executingCalls'
     * futures cancelled) and the controller's call fails with the channel loss (pendingCalls aborted).
     */
    private static ImageOutcome agentLostAfterTheFirstBlob(
            Path workspace,
            WorkPlan plan,
            TestController controller,
            AtomicBoolean interruptedMidCopy,
            Exception channelLoss)
            throws IOException, InterruptedException {
        Thread[] agentThread = new Thread[1];
        PrintStream agentLog = onFirstBlob(controller, () -> {
            interruptedMidCopy.set(true);
            agentThread[0].interrupt();
        });
        FutureTask<ImageOutcome> work =
                new FutureTask<>(() -> ImageWorkCallable.run(new ImageWork(workspace.toFile(), agentLog), plan));
        agentThread[0] = new Thread(work, "agent request");
        agentThread[0].start();
        try {
            work.get();
        } catch (ExecutionException e) {
            // the agent's own outcome never reaches the controller: the channel is gone
        }
        return StepCallTest.rethrow(channelLoss);
    }

    private long presentBlobs(String repository) throws IOException {
        long present = 0;
        for (Descriptor blob : IMAGE.blobDescriptors()) {
            if (CLIENT.hasBlob(repository, blob.digest())) {
                present++;
            }
        }
        return present;
    }

    /** The execution as river creates it when reading program.dat: no constructor runs; then its state is set. */
    private static ImageStep.Execution execution(StepCall call) throws ReflectiveOperationException {
        ImageStep.Execution execution = StepParametersTest.allocate(ImageStep.Execution.class);
        Field field = ImageStep.Execution.class.getDeclaredField("call");
        field.setAccessible(true);
        field.set(execution, call);
        return execution;
    }

    private static StepCall callOf(ImageStep.Execution execution) throws ReflectiveOperationException {
        Field field = ImageStep.Execution.class.getDeclaredField("call");
        field.setAccessible(true);
        return (StepCall) field.get(execution);
    }

    /** Saved and read back with Java serialization, as program.dat is. */
    private static ImageStep.Execution roundTrip(ImageStep.Execution execution) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(execution);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ImageStep.Execution) in.readObject();
        }
    }

    private static SeedImage seed() {
        try {
            return new SeedImage("restart");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
