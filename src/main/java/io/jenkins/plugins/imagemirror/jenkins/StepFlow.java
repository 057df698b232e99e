package io.jenkins.plugins.imagemirror.jenkins;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One step call from arguments to the script's Map, without Jenkins: validate, resolve targets against the
 * configuration, resolve each credentials id once, run the work where the workspace is, archive, record the report.
 * The Jenkins execution plugs in credentials lookup, the agent call, the artifact manager and the build action; the
 * JenkinsPipelineUnit tests plug in a credentials map, a direct call and a directory.
 */
public final class StepFlow {

    /** Finds the username/password of a credentials id in the run's context; throws naming the id if missing. */
    public interface CredentialsLookup {
        RegistryLogin find(String credentialsId) throws IOException;
    }

    /** Looks into the workspace (on the agent) before the work starts. */
    public interface Workspace {
        /** Whether {@code path} names a file, or a directory holding {@code oci-layout}, in the workspace. */
        boolean holdsImage(String path) throws IOException, InterruptedException;
    }

    /** Runs the plan where the workspace is (the agent) and returns the outcome. */
    public interface Agent {
        ImageOutcome run(WorkPlan plan) throws IOException, InterruptedException;
    }

    /** Keeps files as build artifacts and the outcome on the build page. */
    public interface Recorder {
        /**
         * Archives files under the given names.
         *
         * @param directory an absolute directory on the agent, or null for the workspace
         * @param files artifact name → path relative to {@code directory}
         */
        void archive(String directory, LinkedHashMap<String, String> files) throws IOException, InterruptedException;

        void report(ImageOutcome outcome) throws IOException;

        /**
         * The number of the call's set of artifacts in the build: 1 for the first call that archives, then 2, 3...;
         * the same number again for the same call id (a call run again after a restart). See {@link ArtifactName}.
         */
        int artifactSet(String callId) throws IOException;

        /** Removes the agent-side directory of the report files once they are archived (or the call failed). */
        default void discard(String outputDirectory) throws IOException, InterruptedException {}
    }

    private final List<RegistryProfile> registries;
    private final List<String> defaultTargets;

    public StepFlow(List<RegistryProfile> registries, List<String> defaultTargets) {
        this.registries = List.copyOf(registries);
        this.defaultTargets = List.copyOf(defaultTargets);
    }

    /** Like {@link #plan(StepKind, Map, Workspace, CredentialsLookup)} with a workspace that holds no image. */
    public WorkPlan plan(StepKind kind, Map<String, ?> arguments, CredentialsLookup credentials)
            throws IOException, InterruptedException {
        return plan(kind, arguments, path -> false, credentials);
    }

    /** Binds a call's named arguments to its step (see {@link StepArguments#bind}) and plans it. */
    public WorkPlan plan(StepKind kind, Map<String, ?> arguments, Workspace workspace, CredentialsLookup credentials)
            throws IOException, InterruptedException {
        return plan(StepArguments.bind(kind, arguments), workspace, credentials);
    }

    /**
     * Everything that can be checked before any work: the step's values ({@link ImageWorkSpec#of}), where the source
     * is read from (see {@link SourceForm}), targets, names of registries, credentials. A build may pull {@code FROM}
     * any configured registry, so the credentials of every configured registry are resolved for it; one that cannot
     * be found is named in a warning (the pull is then anonymous) rather than failing a build that may not need it.
     */
    public WorkPlan plan(ImageStep step, Workspace workspace, CredentialsLookup credentials)
            throws IOException, InterruptedException {
        StepKind kind = step.kind();
        String sourceText = step.getSource() == null ? "" : step.getSource();
        boolean sourceInWorkspace =
                !sourceText.isEmpty() && SourceForm.byText(sourceText) == null && workspace.holdsImage(sourceText);
        ImageWorkSpec spec = ImageWorkSpec.of(step, sourceInWorkspace);
        TargetResolver resolver = new TargetResolver(registries, defaultTargets);
        Endpoint source = resolver.source(spec);
        ArrayList<Endpoint> destinations = kind == StepKind.SIZES ? new ArrayList<>() : resolver.destinations(spec);
        Set<String> ids = new LinkedHashSet<>();
        if (source != null && source.credentialsId() != null) {
            ids.add(source.credentialsId());
        }
        for (Endpoint destination : destinations) {
            if (destination.credentialsId() != null) {
                ids.add(destination.credentialsId());
            }
        }
        LinkedHashMap<String, RegistryLogin> logins = new LinkedHashMap<>();
        for (String id : ids) {
            logins.put(id, credentials.find(id));
        }
        ArrayList<String> warnings = new ArrayList<>();
        if (spec.isBuild()) {
            for (RegistryProfile registry : registries) {
                String id = registry.credentialsId();
                if (id != null && !logins.containsKey(id)) {
                    try {
                        logins.put(id, credentials.find(id));
                    } catch (IOException e) {
                        warnings.add(kind.functionName() + ": credentials '" + id + "' of registry '" + registry.name()
                                + "' not found; base images from " + registry.host() + " are pulled anonymously");
                    }
                }
            }
        }
        return new WorkPlan(spec, source, destinations, logins, new ArrayList<>(registries), warnings);
    }

    /** Runs a planned call to the end and returns what the script receives. */
    public LinkedHashMap<String, Object> run(WorkPlan plan, Agent agent, Recorder recorder, PrintStream log)
            throws IOException, InterruptedException {
        return run(UUID.randomUUID().toString(), plan, agent, recorder, log);
    }

    /**
     * Runs a planned call to the end and returns what the script receives.
     *
     * @param callId the call's {@link StepCall#id()}: its artifacts and its record on the build page are the same
     *     ones when it runs again after a restart
     */
    public LinkedHashMap<String, Object> run(
            String callId, WorkPlan plan, Agent agent, Recorder recorder, PrintStream log)
            throws IOException, InterruptedException {
        ImageOutcome outcome = agent.run(plan);
        outcome.callId = callId;
        try {
            return record(plan, outcome, recorder, log);
        } finally {
            if (outcome.outputDirectory != null) {
                recorder.discard(outcome.outputDirectory);
            }
        }
    }

    private static LinkedHashMap<String, Object> record(
            WorkPlan plan, ImageOutcome outcome, Recorder recorder, PrintStream log)
            throws IOException, InterruptedException {
        ArrayList<String> artifacts = new ArrayList<>();
        if (!outcome.reportFiles.isEmpty()) {
            int set = recorder.artifactSet(outcome.callId);
            LinkedHashMap<String, String> files = new LinkedHashMap<>();
            for (String name : outcome.reportFiles) {
                files.put(ArtifactName.of(name, set), name);
            }
            recorder.archive(outcome.outputDirectory, files);
            artifacts.addAll(files.keySet());
        }
        if (plan.spec().archiveTarball() && outcome.tarball != null) {
            LinkedHashMap<String, String> files = new LinkedHashMap<>();
            String name = outcome.tarball.substring(outcome.tarball.lastIndexOf('/') + 1);
            files.put(name, outcome.tarball);
            recorder.archive(null, files);
            artifacts.add(name);
        }
        outcome.artifacts = artifacts;
        if (!artifacts.isEmpty()) {
            log.println("Archived " + String.join(", ", artifacts));
        }
        if (plan.spec().report()) {
            recorder.report(outcome);
        }
        return ScriptResult.of(outcome);
    }
}
