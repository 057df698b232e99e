package io.jenkins.plugins.imagemirror.jenkins;

import hudson.model.Run;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The build page's image report: digest per target and the runtime size table in the summary, and its own page
 * per platform and per layer with charts and the explanation. Persists only the {@link ImageOutcome} (digests,
 * statuses, sizes, layer summary): no secret, no bundled-library type, no JDK immutable collection.
 */
public class ImageMirrorAction implements RunAction2 {
    private final ImageOutcome outcome;
    private final int ordinal;
    private transient Run<?, ?> run;

    /** @param ordinal 1 for the first image report of the build, 2 for the second… (each has its own page) */
    public ImageMirrorAction(ImageOutcome outcome, int ordinal) {
        this.outcome = outcome.forBuildPage();
        this.ordinal = ordinal;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return ordinal <= 1 ? "Image sizes" : "Image sizes (" + ordinal + ")";
    }

    @Override
    public String getUrlName() {
        return ordinal <= 1 ? "image-sizes" : "image-sizes-" + ordinal;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public ImageOutcome getOutcome() {
        return outcome;
    }

    public String getDigest() {
        return outcome.digest;
    }

    public String getSource() {
        return outcome.source;
    }

    public List<ImageOutcome.TargetOutcome> getTargets() {
        return new ArrayList<>(outcome.targets);
    }

    public ReportView getView() {
        return new ReportView(outcome);
    }
}
