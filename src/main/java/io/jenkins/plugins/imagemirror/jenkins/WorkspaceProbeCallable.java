package io.jenkins.plugins.imagemirror.jenkins;

import hudson.remoting.VirtualChannel;
import java.io.File;
import jenkins.MasterToSlaveFileCallable;

/** Asks the agent whether the workspace holds an image at a path (see {@link WorkspaceSource#holdsImage}). */
public class WorkspaceProbeCallable extends MasterToSlaveFileCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    private final String path;

    public WorkspaceProbeCallable(String path) {
        this.path = path;
    }

    @Override
    public Boolean invoke(File workspace, VirtualChannel channel) {
        return WorkspaceSource.holdsImage(workspace.toPath(), path);
    }
}
