package io.jenkins.plugins.imagemirror.jenkins;

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

    /** The step class: its {@code @DataBoundConstructor} and {@code @DataBoundSetter}s declare the parameters. */
    Class<? extends ImageStep> stepClass() {
        return switch (this) { // class literals resolve only when asked: agents load no step class
            case MIRROR -> MirrorImageStep.class;
            case BUILD -> BuildImageStep.class;
            case SIZES -> ImageSizesStep.class;
        };
    }

    /** Every parameter this step accepts, in the order Jenkins lists them (see {@link StepArguments#parameters}). */
    public List<String> parameters() {
        return StepArguments.parameters(this);
    }
}
