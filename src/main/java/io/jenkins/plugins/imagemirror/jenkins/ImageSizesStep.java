package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Override
    public LinkedHashMap<String, Object> arguments() {
        LinkedHashMap<String, Object> map = super.arguments();
        map.remove("report");
        return map;
    }

    @DataBoundSetter
    public void setSourceCredentialsId(String sourceCredentialsId) {
        this.sourceCredentialsId = blankToNull(sourceCredentialsId);
    }

    @DataBoundSetter
    public void setPlatforms(List<String> platforms) {
        this.platforms = platforms == null ? null : new ArrayList<>(platforms);
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
