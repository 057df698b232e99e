package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.Collections;
import jenkins.model.TransientActionFactory;

/** Adds the size trend to a job once one of its recent builds has an image report (reads up to 20 builds). */
@Extension
public class ImageSizeTrendActionFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Collection<? extends Action> createFor(Job target) {
        ImageSizeTrendAction action = new ImageSizeTrendAction(target);
        return action.getTrend().isEmpty() ? Collections.emptyList() : Collections.singletonList(action);
    }
}
