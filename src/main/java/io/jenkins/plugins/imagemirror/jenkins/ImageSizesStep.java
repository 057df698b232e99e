package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code imageSizes}: reads an image (registry reference or archive in the workspace) and reports the size each
 * runtime will show, archiving {@code image-sizes.json} and {@code image-sizes.html}. Writes nowhere else.
 */
public class ImageSizesStep extends ImageStep {

    @DataBoundConstructor
    public ImageSizesStep(String source) {
        this.source = blankToNull(source);
    }

    @Override
    protected StepKind kind() {
        return StepKind.SIZES;
    }

    @DataBoundSetter
    public void setSourceCredentialsId(String sourceCredentialsId) {
        this.sourceCredentialsId = blankToNull(sourceCredentialsId);
    }

    @Extension
    @Symbol("imageSizes")
    public static class DescriptorImpl extends ImageStepDescriptor {
        @Override
        public String getFunctionName() {
            return StepKind.SIZES.functionName();
        }

        @Override
        public String getDisplayName() {
            return "Report the size of a container image in each runtime";
        }
    }
}
