package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        boolean report) implements Serializable {

    public ImageWorkSpec {
        buildArgs = new LinkedHashMap<>(buildArgs);
        targets = new ArrayList<>(targets);
        tags = new ArrayList<>(tags);
        platforms = new ArrayList<>(platforms);
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
        return java.util.Collections.unmodifiableMap(buildArgs);
    }
}
