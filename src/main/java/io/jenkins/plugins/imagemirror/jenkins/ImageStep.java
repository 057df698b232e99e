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
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the three image steps share: the parameters more than one of them takes, and the nested {@link Execution}.
 * Each step declares its own parameters as typed fields with a {@code @DataBoundSetter} and a getter, in its own
 * class: that class is the one declaration of a parameter. {@link StepArguments} finds them by reflection, as
 * structs does, to refuse unknown names, to save a call as named arguments and to bind them again;
 * {@link ImageWorkSpec#of} is the one validator that turns a step into the typed request. A parameter's help file
 * sits beside the same class ({@code ImageStep/help-platforms.html}): Jenkins looks help up the superclasses.
 */
public abstract class ImageStep extends Step {
    /** The context every image step needs: the run (credentials, artifacts), the workspace and its agent, the log. */
    static final Set<Class<?>> REQUIRED_CONTEXT = Set.of(Run.class, FilePath.class, TaskListener.class, Launcher.class);

    /** {@code mirrorImage} and {@code imageSizes} read an image; their setters are theirs, the value is shared. */
    protected String source;

    protected String sourceCredentialsId;
    private List<String> platforms;

    protected abstract StepKind kind();

    /**
     * The call's named arguments as a script would have written them: only parameters that differ from the step's
     * defaults (see {@link StepArguments#arguments}).
     */
    public LinkedHashMap<String, Object> arguments() {
        return StepArguments.arguments(this);
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

    static List<String> copy(List<String> list) {
        return list == null ? null : new ArrayList<>(list);
    }

    public String getSource() {
        return source;
    }

    public String getSourceCredentialsId() {
        return sourceCredentialsId;
    }

    /** Every step takes {@code platforms}: the platforms to copy, build or size (default: all). */
    @DataBoundSetter
    public void setPlatforms(List<String> platforms) {
        this.platforms = copy(platforms);
    }

    public List<String> getPlatforms() {
        return platforms;
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
