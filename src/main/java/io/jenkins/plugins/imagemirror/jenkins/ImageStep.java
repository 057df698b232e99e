package io.jenkins.plugins.imagemirror.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What the three image steps share: the bound values, turned back into the named-argument map that
 * {@link StepArguments} validates (the same path the JenkinsPipelineUnit tests take), and the nested
 * {@link Execution}. Each subclass declares the {@code @DataBoundSetter}s of its own parameters only.
 */
public abstract class ImageStep extends Step {
    /** The context every image step needs: the run (credentials, artifacts), the workspace and its agent, the log. */
    static final Set<Class<?>> REQUIRED_CONTEXT = Set.of(Run.class, FilePath.class, TaskListener.class, Launcher.class);

    protected String source;
    protected String sourceCredentialsId;
    protected String dockerfile;
    protected String buildFile;
    protected String context;
    protected List<String> buildArgs;
    protected String target;
    protected String credentialsId;
    protected List<MirrorTarget> targets;
    protected List<String> tags;
    protected List<String> platforms;
    protected String tarball;
    protected boolean archiveTarball;
    protected boolean report = true;

    protected abstract StepKind kind();

    /** The call's named arguments as a script would have written them; only parameters that were set. */
    public LinkedHashMap<String, Object> arguments() {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        put(map, "source", source);
        put(map, "sourceCredentialsId", sourceCredentialsId);
        put(map, "dockerfile", dockerfile);
        put(map, "buildFile", buildFile);
        put(map, "context", context);
        put(map, "buildArgs", buildArgs == null ? null : new ArrayList<>(buildArgs));
        put(map, "target", target);
        put(map, "credentialsId", credentialsId);
        if (targets != null) {
            ArrayList<Object> list = new ArrayList<>();
            for (MirrorTarget t : targets) {
                LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
                entry.put("reference", t.getReference());
                if (t.getCredentialsId() != null) {
                    entry.put("credentialsId", t.getCredentialsId());
                }
                list.add(entry);
            }
            map.put("targets", list);
        }
        put(map, "tags", tags == null ? null : new ArrayList<>(tags));
        put(map, "platforms", platforms == null ? null : new ArrayList<>(platforms));
        put(map, "tarball", tarball);
        if (archiveTarball) {
            map.put("archiveTarball", Boolean.TRUE);
        }
        if (!report) {
            map.put("report", Boolean.FALSE);
        }
        return map;
    }

    private static void put(LinkedHashMap<String, Object> map, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            map.put(name, value);
        }
    }

    /**
     * Starts the execution; the arguments are validated by the execution before any work (unknown parameters were
     * refused already, by {@link ImageStepDescriptor#newInstance}).
     */
    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, new StepCall(kind(), arguments()));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String getSource() {
        return source;
    }

    public String getSourceCredentialsId() {
        return sourceCredentialsId;
    }

    public String getDockerfile() {
        return dockerfile;
    }

    public String getBuildFile() {
        return buildFile;
    }

    public String getContext() {
        return context;
    }

    public List<String> getBuildArgs() {
        return buildArgs;
    }

    public String getTarget() {
        return target;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public List<MirrorTarget> getTargets() {
        return targets;
    }

    public List<String> getTags() {
        return tags;
    }

    public List<String> getPlatforms() {
        return platforms;
    }

    public String getTarball() {
        return tarball;
    }

    public boolean isArchiveTarball() {
        return archiveTarball;
    }

    public boolean isReport() {
        return report;
    }

    /**
     * Runs an image step off the CPS thread and survives a controller restart. Its only state is the {@link StepCall}
     * (kind and arguments): no Run, FilePath, listener or thread, which workflow saves with the program (Java
     * serialization through JBoss River into program.dat) and which are looked up again from the context.
     * <ul>
     *   <li>{@link #start()}: the call runs in a background thread: credentials resolved and tracked on the controller,
     *       the work sent to the agent holding the workspace, artifacts archived, the report added to the run.</li>
     *   <li>A controller shutdown closes the agent channel under the remote call (RequestAbortedException,
     *       ChannelClosedException): that is not reported as a failure; the execution waits to be resumed.</li>
     *   <li>{@link #onResume()}: the call runs again from the start. Unlike SynchronousNonBlockingStepExecution, whose
     *       onResume fails the step with SynchronousResumeNotSupportedException, this is safe: a copy is idempotent.
     *       Workflow resumes the program only once its pickles are back (FilePathPickle waits for the agent).</li>
     *   <li>{@link #stop(Throwable)} (build aborted) interrupts the work, which the agent then cleans up.</li>
     * </ul>
     */
    public static class Execution extends StepExecution {
        private static final long serialVersionUID = 2L;
        private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "image-mirror step");
            thread.setDaemon(true);
            return thread;
        });

        private final StepCall call;
        private transient volatile Future<?> task;
        private transient volatile Throwable stopCause;

        public Execution(StepContext context, StepCall call) {
            super(context);
            this.call = call;
        }

        @Override
        public boolean start() {
            submit();
            return false;
        }

        @Override
        public void onResume() {
            submit();
        }

        @Override
        public void stop(Throwable cause) throws Exception {
            stopCause = cause;
            Future<?> running = task;
            if (running != null) {
                running.cancel(true);
            }
            getContext().onFailure(cause);
        }

        @Override
        public String getStatus() {
            Future<?> running = task;
            return running == null
                    ? "waiting to run " + call.kind().functionName()
                    : running.isDone() ? "finished" : "running " + call.kind().functionName();
        }

        private void submit() {
            task = THREADS.submit(this::attempt);
        }

        private void attempt() {
            StepContext context = getContext();
            StepCall.Ending ending;
            try {
                ending = call.attempt(new Controller(context), () -> stopCause != null);
            } catch (IOException | InterruptedException e) { // the context could not give the run, workspace or log
                if (stopCause == null) {
                    context.onFailure(e);
                }
                return;
            }
            if (ending.result() != null) {
                context.onSuccess(ending.result());
            } else if (ending.userMessage() != null) {
                context.onFailure(new AbortException(ending.userMessage()));
            } else if (ending.bug() != null) {
                context.onFailure(ending.bug());
            }
        }
    }

    /** The controller's side of one attempt: configuration, workspace, credentials, the agent call, artifacts. */
    private static final class Controller implements StepCall.Controller {
        private final Run<?, ?> run;
        private final FilePath workspace;
        private final TaskListener listener;
        private final Launcher launcher;

        Controller(StepContext context) throws IOException, InterruptedException {
            run = context.get(Run.class);
            workspace = context.get(FilePath.class);
            listener = context.get(TaskListener.class);
            launcher = context.get(Launcher.class);
        }

        @Override
        public StepFlow flow() {
            ImageMirrorConfiguration configuration = ImageMirrorConfiguration.get();
            return new StepFlow(configuration.profiles(), configuration.defaultTargetList());
        }

        @Override
        public PrintStream log() {
            return listener.getLogger();
        }

        @Override
        public boolean terminating() {
            Jenkins jenkins = Jenkins.getInstanceOrNull();
            return jenkins == null || jenkins.isTerminating();
        }

        @Override
        public boolean holdsImage(String path) throws IOException, InterruptedException {
            return workspace.act(new WorkspaceProbeCallable(path));
        }

        /** Resolves a credentials id for this run (respecting the run's authentication) and records its use. */
        @Override
        public RegistryLogin find(String id) throws IOException {
            StandardUsernamePasswordCredentials credentials =
                    CredentialsProvider.findCredentialById(id, StandardUsernamePasswordCredentials.class, run);
            if (credentials == null) {
                throw new AbortException("credentials '" + id + "' not found: add a 'Username with password' credential"
                        + " with this id that this job may use (a Docker Hub access token is the password)");
            }
            CredentialsProvider.track(run, credentials);
            return new RegistryLogin(
                    id, credentials.getUsername(), credentials.getPassword().getPlainText());
        }

        /** Runs the work on the agent; the report directory it leaves beside the workspace is removed after archiving. */
        @Override
        public ImageOutcome run(WorkPlan plan) throws IOException, InterruptedException {
            return workspace.act(new ImageWorkCallable(plan, listener));
        }

        @Override
        public void archive(String directory, LinkedHashMap<String, String> files)
                throws IOException, InterruptedException {
            FilePath base = directory == null ? workspace : workspace.child(directory);
            run.pickArtifactManager().archive(base, launcher, BuildListenerAdapter.wrap(listener), files);
        }

        @Override
        public void report(ImageOutcome result) throws IOException {
            ImageMirrorAction.record(run, result);
        }

        @Override
        public int artifactSet(String callId) throws IOException {
            return ImageMirrorAction.artifactSet(run, callId);
        }

        @Override
        public void discard(String outputDirectory) throws IOException, InterruptedException {
            workspace.child(outputDirectory).deleteRecursive();
        }
    }
}
