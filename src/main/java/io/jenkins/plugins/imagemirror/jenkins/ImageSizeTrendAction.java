package io.jenkins.plugins.imagemirror.jenkins;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * On the job page: the image sizes per runtime over the last {@value #BUILDS} builds that reported them. Transient
 * (contributed by {@link ImageSizeTrendActionFactory}), so nothing is persisted; no sidebar link.
 */
public class ImageSizeTrendAction implements Action {
    static final int BUILDS = 20;

    private final Job<?, ?> job;

    public ImageSizeTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Image size trend";
    }

    @Override
    public String getUrlName() {
        return null;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** Reads at most {@value #BUILDS} builds back from the last one; each build's first image report counts. */
    public SizeTrend getTrend() {
        List<SizeTrend.Point> points = new ArrayList<>();
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; i < BUILDS && run != null; i++, run = run.getPreviousBuild()) {
            ImageMirrorAction action = run.getAction(ImageMirrorAction.class);
            if (action != null) {
                points.add(new SizeTrend.Point(run.getNumber(), action.getOutcome().primarySizes()));
            }
        }
        Collections.reverse(points);
        return new SizeTrend(points);
    }
}
