package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.Collections;
import jenkins.model.TransientActionFactory;

/** Adds the size trend to every job; the view renders nothing until a build has an image report. */
@Extension
public class ImageSizeTrendActionFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Collection<? extends Action> createFor(Job target) {
        return Collections.singletonList(new ImageSizeTrendAction(target));
    }
}
