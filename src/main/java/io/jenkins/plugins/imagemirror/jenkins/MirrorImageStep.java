package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code mirrorImage}: from a registry image, an OCI/docker archive in the workspace, or a build, to registries
 * and/or an OCI tarball, digest-preserving, with the per-runtime size report. Every parameter is optional on its own;
 * {@link StepArguments} enforces the combinations.
 */
public class MirrorImageStep extends ImageStep {

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
    public void setDockerfile(String dockerfile) {
        this.dockerfile = blankToNull(dockerfile);
    }

    @DataBoundSetter
    public void setBuildFile(String buildFile) {
        this.buildFile = blankToNull(buildFile);
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = blankToNull(context);
    }

    @DataBoundSetter
    public void setBuildArgs(List<String> buildArgs) {
        this.buildArgs = buildArgs == null ? null : new ArrayList<>(buildArgs);
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = blankToNull(target);
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    @DataBoundSetter
    public void setTargets(List<MirrorTarget> targets) {
        this.targets = targets == null ? null : new ArrayList<>(targets);
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = tags == null ? null : new ArrayList<>(tags);
    }

    @DataBoundSetter
    public void setPlatforms(List<String> platforms) {
        this.platforms = platforms == null ? null : new ArrayList<>(platforms);
    }

    @DataBoundSetter
    public void setTarball(String tarball) {
        this.tarball = blankToNull(tarball);
    }

    @DataBoundSetter
    public void setArchiveTarball(boolean archiveTarball) {
        this.archiveTarball = archiveTarball;
    }

    @DataBoundSetter
    public void setReport(boolean report) {
        this.report = report;
    }

    @Extension
    @Symbol("mirrorImage")
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return StepKind.MIRROR.functionName();
        }

        @Override
        public String getDisplayName() {
            return "Mirror a container image to registries and/or an OCI tarball, with sizes per runtime";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
