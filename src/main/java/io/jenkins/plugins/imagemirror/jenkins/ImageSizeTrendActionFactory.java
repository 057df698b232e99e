package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.Collections;
import jenkins.model.TransientActionFactory;

/**
 * Adds the size trend to a job whose newest builds have an image report. Jenkins asks every factory of a job's type
 * on each Actionable.getAllActions(), and those of a matching {@link #actionType()} on getAction(Class): so the
 * answer costs at most {@value ImageSizeTrendAction#PROBE} builds (the newest, which the job page loads anyway), and
 * the trend itself is read only when the page draws it.
 */
@Extension
public class ImageSizeTrendActionFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Class<? extends Action> actionType() {
        return ImageSizeTrendAction.class;
    }

    @Override
    public Collection<? extends Action> createFor(Job target) {
        Job<?, ?> job = target;
        return ImageSizeTrendAction.shows(ImageSizeTrendAction.history(job))
                ? Collections.singletonList(new ImageSizeTrendAction(job))
                : Collections.emptyList();
    }
}
