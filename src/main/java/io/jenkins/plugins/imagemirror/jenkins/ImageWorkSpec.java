package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.job.BuildRequest;
import io.jenkins.plugins.imagemirror.core.job.JobRequest;
import io.jenkins.plugins.imagemirror.core.job.JobTarget;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one step call asked for, validated: exactly one input (a source reference or archive, or a build), where to
 * write it, and which artifacts to keep. {@link #of} is the one validator (a typed step in, this typed request out);
 * {@link #request} maps it to core's {@link JobRequest} on the agent. Holds ids of credentials, never secrets.
 * Collections are ArrayList/LinkedHashMap on purpose: the spec crosses the agent channel, where Jenkins' class
 * filter rejects the JDK's immutable collections.
 */
public record ImageWorkSpec(
        StepKind kind,
        String source,
        SourceForm sourceForm,
        String sourceCredentialsId,
        String dockerfile,
        String buildFile,
        String context,
        LinkedHashMap<String, String> buildArgs,
        ArrayList<TargetSpec> targets,
        ArrayList<String> tags,
        ArrayList<String> platforms,
        String tarball,
        boolean archiveTarball,
        int jobs,
        boolean report)
        implements Serializable {

    public ImageWorkSpec {
        buildArgs = new LinkedHashMap<>(buildArgs);
        targets = new ArrayList<>(targets);
        tags = new ArrayList<>(tags);
        platforms = new ArrayList<>(platforms);
    }

    /**
     * Validates a step's values as one call, before any work, and fails naming the step and the parameter at fault:
     * exactly one input, parameters that go together, references, tags, platforms, paths.
     *
     * @param sourceInWorkspace whether the workspace holds an image at the text of {@code source} (see
     *     {@link SourceForm}); only asked when the text alone does not decide
     * @throws IllegalArgumentException naming the step and the parameter at fault
     */
    public static ImageWorkSpec of(ImageStep step, boolean sourceInWorkspace) {
        StepKind kind = step.kind();
        String name = kind.functionName();
        PushingImageStep push = PushingImageStep.parametersOf(step);
        String source = step.getSource();
        String dockerfile = push.getDockerfile();
        String buildFile = push.getBuildFile();
        String context = push.getContext();
        List<String> rawBuildArgs = push.getBuildArgs() == null ? List.of() : push.getBuildArgs();
        List<String> given = new ArrayList<>();
        for (String[] input :
                new String[][] {{"source", source}, {"dockerfile", dockerfile}, {"buildFile", buildFile}}) {
            if (input[1] != null) {
                given.add("'" + input[0] + "'");
            }
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException(name + ": parameters " + String.join(" and ", given)
                    + " conflict: give exactly one input (a source image, a Dockerfile or a build file)");
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException(name + ": parameter "
                    + switch (kind) {
                        case SIZES -> "'source' is required";
                        case BUILD -> "'dockerfile' is required (or 'buildFile')";
                        case MIRROR -> "'source' is required (or 'dockerfile' or 'buildFile')";
                    });
        }
        boolean build = dockerfile != null || buildFile != null;
        if (!build && context != null) {
            throw new IllegalArgumentException(
                    name + ": parameter 'context' applies to a build only (with 'dockerfile' or 'buildFile')");
        }
        if (!build && !rawBuildArgs.isEmpty()) {
            throw new IllegalArgumentException(
                    name + ": parameter 'buildArgs' applies to a build only (with 'dockerfile' or 'buildFile')");
        }
        LinkedHashMap<String, String> buildArgs = new LinkedHashMap<>();
        for (String entry : rawBuildArgs) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(name + ": parameter 'buildArgs': '" + entry + "' is not NAME=VALUE");
            }
            buildArgs.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        SourceForm sourceForm = source == null ? null : SourceForm.of(source, sourceInWorkspace);
        String sourceCredentialsId = step.getSourceCredentialsId();
        if (sourceCredentialsId != null && (source == null || sourceForm.inWorkspace())) {
            throw new IllegalArgumentException(
                    name + ": parameter 'sourceCredentialsId' applies to a registry 'source' only"
                            + (source == null ? "" : "; '" + source + "' is read from the workspace"));
        }
        if (sourceForm == SourceForm.REGISTRY) {
            StepArguments.reference(name, "source", sourceForm.strip(source));
        }
        if (sourceForm != null
                && sourceForm.inWorkspace()
                && sourceForm.strip(source).isBlank()) {
            throw new IllegalArgumentException(
                    name + ": parameter 'source': '" + source + "' names no path in the workspace");
        }

        String target = push.getTarget();
        String credentialsId = push.getCredentialsId();
        List<MirrorTarget> targetList = push.getTargets();
        if (target != null && targetList != null) {
            throw new IllegalArgumentException(name + ": parameters 'target' and 'targets' conflict: give one target"
                    + " as 'target', or several as 'targets'");
        }
        if (credentialsId != null && target == null) {
            throw new IllegalArgumentException(name + ": parameter 'credentialsId' goes with 'target'; in 'targets',"
                    + " give each entry its own credentialsId");
        }
        ArrayList<TargetSpec> targets = new ArrayList<>();
        if (target != null) {
            targets.add(new TargetSpec(target, credentialsId));
        }
        if (targetList != null) {
            for (int i = 0; i < targetList.size(); i++) {
                String reference = targetList.get(i).getReference();
                if (reference == null || reference.isBlank()) {
                    throw new IllegalArgumentException(
                            name + ": parameter 'targets' entry " + (i + 1) + ": 'reference' is required");
                }
                targets.add(new TargetSpec(reference.strip(), targetList.get(i).getCredentialsId()));
            }
        }
        ArrayList<String> tags = new ArrayList<>(push.getTags() == null ? List.of() : push.getTags());
        for (String tag : tags) {
            try {
                ImageReference.parse("localhost/x:" + tag);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": parameter 'tags': '" + tag + "' is not a valid tag", e);
            }
        }
        ArrayList<String> platforms = new ArrayList<>();
        for (String platform : step.getPlatforms() == null ? List.<String>of() : step.getPlatforms()) {
            try {
                platforms.add(Platform.parse(platform).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": parameter 'platforms': " + e.getMessage(), e);
            }
        }
        String tarball = push.getTarball();
        if (push.isArchiveTarball() && tarball == null) {
            throw new IllegalArgumentException(
                    name + ": parameter 'archiveTarball' needs 'tarball' (the path of the OCI tarball to write)");
        }
        if (tarball != null && (tarball.startsWith("/") || tarball.contains(".."))) {
            throw new IllegalArgumentException(
                    name + ": parameter 'tarball': '" + tarball + "' must be a relative path inside the workspace");
        }
        int jobs = push.getJobs();
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException(name + ": parameter 'jobs': " + jobs
                    + " is not between 1 and 64 (blobs copied at once; the default is " + CopyOptions.DEFAULT_JOBS
                    + ")");
        }
        boolean report = kind == StepKind.SIZES || (step instanceof MirrorImageStep mirror && mirror.isReport());
        return new ImageWorkSpec(
                kind,
                source,
                sourceForm,
                sourceCredentialsId,
                dockerfile,
                buildFile,
                build ? (context == null ? "." : context) : null,
                buildArgs,
                targets,
                tags,
                platforms,
                tarball,
                push.isArchiveTarball(),
                jobs,
                report);
    }

    /**
     * Crosses the channel as a plain {@link Wire}, not as a record: Java serialization reads a record through a
     * method-handle chain it builds per record class on first use (JDK 17 {@code ObjectStreamClass.RecordSupport}),
     * dozens of generated classes on the first step of every agent JVM; a plain class is read by field reflection.
     */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** This spec's components as plain fields; {@code readResolve} calls the canonical constructor again. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private final StepKind kind;
        private final String source;
        private final SourceForm sourceForm;
        private final String sourceCredentialsId;
        private final String dockerfile;
        private final String buildFile;
        private final String context;
        private final LinkedHashMap<String, String> buildArgs;
        private final ArrayList<TargetSpec> targets;
        private final ArrayList<String> tags;
        private final ArrayList<String> platforms;
        private final String tarball;
        private final boolean archiveTarball;
        private final int jobs;
        private final boolean report;

        Wire(ImageWorkSpec spec) {
            kind = spec.kind;
            source = spec.source;
            sourceForm = spec.sourceForm;
            sourceCredentialsId = spec.sourceCredentialsId;
            dockerfile = spec.dockerfile;
            buildFile = spec.buildFile;
            context = spec.context;
            buildArgs = spec.buildArgs;
            targets = spec.targets;
            tags = spec.tags;
            platforms = spec.platforms;
            tarball = spec.tarball;
            archiveTarball = spec.archiveTarball;
            jobs = spec.jobs;
            report = spec.report;
        }

        private Object readResolve() {
            return new ImageWorkSpec(
                    kind,
                    source,
                    sourceForm,
                    sourceCredentialsId,
                    dockerfile,
                    buildFile,
                    context,
                    buildArgs,
                    targets,
                    tags,
                    platforms,
                    tarball,
                    archiveTarball,
                    jobs,
                    report);
        }
    }

    /** True when the image comes from a Dockerfile or build file rather than from {@link #source()}. */
    public boolean isBuild() {
        return dockerfile != null || buildFile != null;
    }

    /** The registry reference of a registry source, without {@code docker://}; null otherwise. */
    public String sourceReference() {
        return sourceForm == SourceForm.REGISTRY ? sourceForm.strip(source) : null;
    }

    /** {@code PATH[:REF]} of a source in the workspace, without its prefix; null otherwise. */
    public String sourcePath() {
        return sourceForm != null && sourceForm.inWorkspace() ? sourceForm.strip(source) : null;
    }

    /** Build arguments as a read-only view, for callers that must not see the mutable copy. */
    public Map<String, String> buildArgsView() {
        return Collections.unmodifiableMap(buildArgs);
    }

    /**
     * This call in core's terms, on the agent: every path resolved in {@code workspace}, the registry source and
     * targets as the plan resolved them (settings, login, credentials id), the report files into {@code output}.
     */
    JobRequest request(WorkPlan plan, Path workspace, Path output) throws IOException {
        JobTarget from = null;
        BuildRequest build = null;
        if (isBuild()) {
            build = new BuildRequest(
                    workspace.resolve(context).normalize(),
                    dockerfile == null ? null : workspace.resolve(dockerfile).normalize(),
                    buildFile == null ? null : workspace.resolve(buildFile).normalize(),
                    buildArgs,
                    Path.of(workspace + "@tmp", "image-mirror-cache"));
        } else if (plan.source() != null) {
            from = plan.target(plan.source());
        } else {
            from = JobTarget.of(WorkspaceSource.locate(
                    workspace, sourceForm, source, kind.functionName() + ": source '" + source + "'"));
        }
        List<JobTarget> destinations = new ArrayList<>();
        for (Endpoint endpoint : plan.destinations()) {
            destinations.add(plan.target(endpoint));
        }
        if (tarball != null) {
            Path file = workspace.resolve(tarball).normalize();
            Path directory = file.getParent();
            if (directory == null) {
                throw new IOException("writing the OCI tarball '" + tarball + "': not a file; name a file "
                        + "in the workspace, e.g. tarball: 'out/image.tar'");
            }
            Files.createDirectories(directory);
            destinations.add(JobTarget.of(ImageLocation.of(Transport.OCI_ARCHIVE, file, null)));
        }
        List<Platform> parsed = new ArrayList<>();
        for (String p : platforms) {
            parsed.add(Platform.parse(p));
        }
        return new JobRequest(
                from,
                build,
                destinations,
                List.of(),
                parsed,
                CopyOptions.defaults().withJobs(jobs),
                plan.baseRegistries(),
                output,
                report);
    }
}
