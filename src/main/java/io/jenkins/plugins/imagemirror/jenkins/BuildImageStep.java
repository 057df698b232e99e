package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code buildImage}: builds from a Dockerfile or build file in the workspace, without a daemon, and pushes to
 * registries and/or writes an OCI tarball. No size report (use {@code mirrorImage} with {@code dockerfile} for that).
 */
public class BuildImageStep extends PushingImageStep {

    @DataBoundConstructor
    public BuildImageStep() {}

    @Override
    protected StepKind kind() {
        return StepKind.BUILD;
    }

    @Extension
    @Symbol("buildImage")
    public static class DescriptorImpl extends ImageStepDescriptor {
        @Override
        public String getFunctionName() {
            return StepKind.BUILD.functionName();
        }

        @Override
        public String getDisplayName() {
            return "Build a container image without a daemon and push it";
        }
    }
}
