package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code mirrorImage}: from a registry image, an OCI/docker archive in the workspace, or a build, to registries
 * and/or an OCI tarball, digest-preserving, with the per-runtime size report. Every parameter is optional on its own;
 * {@link ImageWorkSpec#of} enforces the combinations.
 */
public class MirrorImageStep extends PushingImageStep {
    private boolean report = true;

    @DataBoundConstructor
    public MirrorImageStep() {}

    @Override
    protected StepKind kind() {
        return StepKind.MIRROR;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = blankToNull(source);
    }

    @DataBoundSetter
    public void setSourceCredentialsId(String sourceCredentialsId) {
        this.sourceCredentialsId = blankToNull(sourceCredentialsId);
    }

    @DataBoundSetter
    public void setReport(boolean report) {
        this.report = report;
    }

    public boolean isReport() {
        return report;
    }

    @Extension
    @Symbol("mirrorImage")
    public static class DescriptorImpl extends ImageStepDescriptor {
        @Override
        public String getFunctionName() {
            return StepKind.MIRROR.functionName();
        }

        @Override
        public String getDisplayName() {
            return "Mirror a container image to registries and/or an OCI tarball, with sizes per runtime";
        }
    }
}
