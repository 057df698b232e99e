package io.jenkins.plugins.imagemirror.jenkins;

import java.util.ArrayList;
import java.util.List;

/**
 * The three pipeline steps and the parameters each accepts. One engine serves all three; the kind decides which
 * parameters are legal and which artifacts are written.
 */
public enum StepKind {
    /** From a registry image, an archive in the workspace, or a build, to registries and/or a tarball, with report. */
    MIRROR("mirrorImage"),
    /** A build pushed to registries and/or written as a tarball; no size report. */
    BUILD("buildImage"),
    /** The size report of an image, nothing written anywhere but the build's artifacts. */
    SIZES("imageSizes");

    private final String functionName;

    StepKind(String functionName) {
        this.functionName = functionName;
    }

    /** The name pipeline scripts call: {@code mirrorImage}, {@code buildImage}, {@code imageSizes}. */
    public String functionName() {
        return functionName;
    }

    /** Every parameter this step accepts, in documentation order (the one list: {@link StepArguments.Parameter}). */
    public List<String> parameters() {
        List<String> names = new ArrayList<>();
        for (StepArguments.Parameter parameter : StepArguments.Parameter.values()) {
            if (parameter.takenBy(this)) {
                names.add(parameter.toString());
            }
        }
        return names;
    }
}
