package io.jenkins.plugins.imagemirror.jenkins;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * On the job page: the image sizes per runtime over the last {@value #BUILDS} builds that reported them. Transient
 * (contributed by {@link ImageSizeTrendActionFactory}), so nothing is persisted; no sidebar link. The trend is read
 * only when the page draws it; deciding whether a job shows it reads at most {@value #PROBE} builds.
 */
public class ImageSizeTrendAction implements Action {
    static final int BUILDS = 20;
    /** The newest builds looked at to decide whether a job uses the plugin at all. */
    static final int PROBE = 2;

    /** A build as the trend sees it: its number and the sizes it reported (null when it has no image report). */
    record BuildSizes(int number, Map<String, Long> sizes) {}

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

    /** Reads at most {@value #BUILDS} builds back from the last one; each build's first call with sizes counts. */
    public SizeTrend getTrend() {
        return trend(history(job));
    }

    /** True when one of the newest {@value #PROBE} builds has an image report. */
    static boolean shows(Iterable<BuildSizes> newestFirst) {
        Iterator<BuildSizes> builds = newestFirst.iterator();
        for (int i = 0; i < PROBE && builds.hasNext(); i++) {
            if (builds.next().sizes() != null) {
                return true;
            }
        }
        return false;
    }

    static SizeTrend trend(Iterable<BuildSizes> newestFirst) {
        List<SizeTrend.Point> points = new ArrayList<>();
        Iterator<BuildSizes> builds = newestFirst.iterator();
        for (int i = 0; i < BUILDS && builds.hasNext(); i++) {
            BuildSizes build = builds.next();
            if (build.sizes() != null && !build.sizes().isEmpty()) {
                points.add(new SizeTrend.Point(build.number(), build.sizes()));
            }
        }
        Collections.reverse(points);
        return new SizeTrend(points);
    }

    /** The job's builds, newest first; each is loaded only when the iteration reaches it (Jenkins loads lazily). */
    static Iterable<BuildSizes> history(Job<?, ?> job) {
        return () -> new Iterator<>() {
            private Run<?, ?> next = job.getLastBuild();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public BuildSizes next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Run<?, ?> run = next;
                next = run.getPreviousBuild();
                ImageMirrorAction action = run.getAction(ImageMirrorAction.class);
                return new BuildSizes(run.getNumber(), action == null ? null : action.trendSizes());
            }
        };
    }
}
