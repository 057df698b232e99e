package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
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
 * write it, and which artifacts to keep. Built by {@link StepArguments}; holds ids of credentials, never secrets.
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
        boolean report)
        implements Serializable {

    public ImageWorkSpec {
        buildArgs = new LinkedHashMap<>(buildArgs);
        targets = new ArrayList<>(targets);
        tags = new ArrayList<>(tags);
        platforms = new ArrayList<>(platforms);
    }

    /** Crosses the channel as a plain {@link ChannelForm}, not as a record (cheaper on a fresh agent JVM). */
    private Object writeReplace() {
        return new ChannelForm(
                ChannelForm.Kind.SPEC,
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
                report);
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
                CopyOptions.defaults(),
                plan.baseRegistries(),
                output,
                report);
    }
}
