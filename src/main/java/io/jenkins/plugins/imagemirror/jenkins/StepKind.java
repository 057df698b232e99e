package io.jenkins.plugins.imagemirror.jenkins;

import java.util.List;

/**
 * The three pipeline steps and the parameters each accepts. One engine serves all three; the kind decides which
 * parameters are legal and which artifacts are written.
 */
public enum StepKind {
    /** From a registry image, an archive in the workspace, or a build, to registries and/or a tarball, with report. */
    MIRROR("mirrorImage", List.of("source", "sourceCredentialsId", "dockerfile", "buildFile", "context", "buildArgs",
            "target", "credentialsId", "targets", "tags", "platforms", "tarball", "archiveTarball", "report")),
    /** A build pushed to registries and/or written as a tarball; no size report. */
    BUILD("buildImage", List.of("dockerfile", "buildFile", "context", "buildArgs", "target", "credentialsId",
            "targets", "tags", "platforms", "tarball", "archiveTarball")),
    /** The size report of an image, nothing written anywhere but the build's artifacts. */
    SIZES("imageSizes", List.of("source", "sourceCredentialsId", "platforms"));

    private final String functionName;
    private final List<String> parameters;

    StepKind(String functionName, List<String> parameters) {
        this.functionName = functionName;
        this.parameters = parameters;
    }

    /** The name pipeline scripts call: {@code mirrorImage}, {@code buildImage}, {@code imageSizes}. */
    public String functionName() {
        return functionName;
    }

    /** Every parameter this step accepts, in documentation order. */
    public List<String> parameters() {
        return parameters;
    }
}
