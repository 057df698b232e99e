package io.jenkins.plugins.imagemirror.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

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

    /** Validates before any work: unknown or conflicting parameters fail here, naming the parameter. */
    @Override
    public StepExecution start(StepContext context) throws Exception {
        LinkedHashMap<String, Object> arguments = arguments();
        StepArguments.parse(kind(), arguments);
        return new Execution(context, kind(), arguments);
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
     * Runs an image step off the CPS thread: credentials resolved and tracked on the controller, the work sent to the
     * agent holding the workspace, artifacts archived through the run's artifact manager, the report added to the run.
     * Holds only the call's arguments (Strings, Booleans, ArrayLists, LinkedHashMaps): it is saved with the program.
     */
    public static class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final StepKind kind;
        private final LinkedHashMap<String, Object> arguments;

        public Execution(StepContext context, StepKind kind, LinkedHashMap<String, Object> arguments) {
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
                            public void report(ImageOutcome result) throws IOException {
                                ImageMirrorAction.record(run, result);
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
}
