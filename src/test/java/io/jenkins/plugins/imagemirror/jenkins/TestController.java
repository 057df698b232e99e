package io.jenkins.plugins.imagemirror.jenkins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's side of a step attempt for tests, without Jenkins: credentials from a map (as the credentials
 * store would give them), the workspace a directory, the agent by default the real work run in this JVM through
 * {@link ImageWorkCallable#run} (so failures cross the same conversion they cross on the channel), reports kept.
 */
final class TestController implements StepCall.Controller {
    final Path workspace;
    final StepFlow flow;
    final Map<String, RegistryLogin> credentials;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final List<ImageOutcome> reports = new ArrayList<>();
    final List<String> archived = new ArrayList<>();
    boolean terminating;
    int agentCalls;
    StepFlow.Agent agent;

    TestController(Path workspace, List<RegistryProfile> registries, Map<String, RegistryLogin> credentials) {
        this.workspace = workspace;
        this.flow = new StepFlow(registries, List.of());
        this.credentials = credentials;
        this.agent = plan -> ImageWorkCallable.run(new ImageWork(workspace.toFile(), log), plan);
    }

    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public StepFlow flow() {
        return flow;
    }

    @Override
    public PrintStream log() {
        return log;
    }

    @Override
    public boolean terminating() {
        return terminating;
    }

    @Override
    public boolean holdsImage(String path) {
        return WorkspaceSource.holdsImage(workspace, path);
    }

    /** As the Jenkins execution's lookup: an AbortException (an IOException) naming the id and the fix. */
    @Override
    public RegistryLogin find(String id) throws IOException {
        RegistryLogin login = credentials.get(id);
        if (login == null) {
            throw new hudson.AbortException(
                    "credentials '" + id + "' not found: add a 'Username with password' credential with"
                            + " this id that this job may use (a Docker Hub access token is the password)");
        }
        return login;
    }

    @Override
    public ImageOutcome run(WorkPlan plan) throws IOException, InterruptedException {
        agentCalls++;
        return agent.run(plan);
    }

    @Override
    public void archive(String directory, LinkedHashMap<String, String> files) {
        archived.addAll(files.keySet());
    }

    /** Keeps every report, and records it on {@link #page} as the run would. */
    @Override
    public void report(ImageOutcome outcome) throws IOException {
        reports.add(outcome);
        ImageMirrorAction.record(build, outcome);
    }

    @Override
    public int artifactSet(String callId) throws IOException {
        return ImageMirrorAction.artifactSet(build, callId);
    }

    /** The build page's action, as the run holds it; null until a call records or archives. */
    ImageMirrorAction page;

    /** The run's side of {@link ImageMirrorAction}: one action, saved nowhere. */
    private final ImageMirrorAction.Build build = new ImageMirrorAction.Build() {
        @Override
        public ImageMirrorAction find() {
            return page;
        }

        @Override
        public void attach(ImageMirrorAction action) {
            page = action;
        }

        @Override
        public void save() {}
    };
}
