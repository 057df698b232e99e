package io.jenkins.plugins.imagemirror.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs an image step off the CPS thread: credentials resolved and tracked on the controller, the work sent to the
 * agent holding the workspace, artifacts archived through the run's artifact manager, the report added to the run.
 * Holds only the call's arguments (Strings, Booleans, ArrayLists, LinkedHashMaps): it is saved with the program.
 */
public class ImageStepExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final StepKind kind;
    private final LinkedHashMap<String, Object> arguments;

    public ImageStepExecution(StepContext context, StepKind kind, LinkedHashMap<String, Object> arguments) {
        super(context);
        this.kind = kind;
        this.arguments = arguments;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        FilePath workspace = context.get(FilePath.class);
        TaskListener listener = context.get(TaskListener.class);
        Launcher launcher = context.get(Launcher.class);
        ImageMirrorConfiguration configuration = ImageMirrorConfiguration.get();
        StepFlow flow = new StepFlow(configuration.profiles(), configuration.defaultTargetList());
        WorkPlan plan;
        try {
            plan = flow.plan(kind, arguments, id -> login(run, id));
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        ImageOutcome[] outcome = new ImageOutcome[1];
        try {
            return flow.run(plan,
                    p -> outcome[0] = workspace.act(new ImageWorkCallable(p, listener)),
                    new StepFlow.Recorder() {
                        @Override
                        public void archive(String directory, LinkedHashMap<String, String> files)
                                throws IOException, InterruptedException {
                            FilePath base = directory == null ? workspace : workspace.child(directory);
                            run.pickArtifactManager().archive(base, launcher, BuildListenerAdapter.wrap(listener), files);
                        }

                        @Override
                        public void report(ImageOutcome result) {
                            run.addAction(new ImageMirrorAction(result));
                        }
                    },
                    listener.getLogger());
        } finally {
            if (outcome[0] != null && outcome[0].outputDirectory != null) {
                workspace.child(outcome[0].outputDirectory).deleteRecursive();
            }
        }
    }

    /** Resolves a credentials id for this run (respecting the run's authentication) and records its use. */
    private RegistryLogin login(Run<?, ?> run, String id) throws IOException {
        StandardUsernamePasswordCredentials credentials =
                CredentialsProvider.findCredentialById(id, StandardUsernamePasswordCredentials.class, run);
        if (credentials == null) {
            throw new AbortException(kind.functionName() + ": credentials '" + id + "' not found: add a 'Username"
                    + " with password' credential with this id that this job may use (a Docker Hub access token is"
                    + " the password)");
        }
        CredentialsProvider.track(run, credentials);
        return new RegistryLogin(id, credentials.getUsername(), credentials.getPassword().getPlainText());
    }
}
