package io.jenkins.plugins.imagemirror.jenkins;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * The step's work, sent to the agent that holds the workspace: registry traffic and tarball writing happen there,
 * never on the controller. Returns an {@link ImageOutcome} (no secrets) over the channel; a failure comes back as
 * JDK exception types only (see {@link AgentFailure}).
 */
public class ImageWorkCallable extends MasterToSlaveFileCallable<ImageOutcome> {
    private static final long serialVersionUID = 1L;

    private final WorkPlan plan;
    private final TaskListener listener;

    public ImageWorkCallable(WorkPlan plan, TaskListener listener) {
        this.plan = plan;
        this.listener = listener;
    }

    @Override
    public ImageOutcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        return run(new ImageWork(workspace, listener.getLogger()), plan);
    }

    /** Runs the work and converts its failure to what may cross the channel. */
    static ImageOutcome run(ImageWork work, WorkPlan plan) throws IOException, InterruptedException {
        try {
            return work.run(plan);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            Exception portable = AgentFailure.portable(e);
            if (portable instanceof IOException io) {
                throw io;
            }
            if (portable instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw (RuntimeException) portable;
        }
    }
}
