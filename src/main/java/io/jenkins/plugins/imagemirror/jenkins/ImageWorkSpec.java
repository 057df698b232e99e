package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;
import java.util.ArrayList;
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

    /** The source kind prefix ({@code oci-archive:}, {@code oci:}, {@code docker-archive:}) or null for a registry. */
    public String sourceTransport() {
        if (source == null) {
            return null;
        }
        for (String prefix : List.of("oci-archive:", "oci:", "docker-archive:")) {
            if (source.startsWith(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    /** Build arguments as a read-only view, for callers that must not see the mutable copy. */
    public Map<String, String> buildArgsView() {
        return java.util.Collections.unmodifiableMap(buildArgs);
    }
}
