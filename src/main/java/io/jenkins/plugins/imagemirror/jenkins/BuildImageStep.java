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
 * {@code buildImage}: builds from a Dockerfile or build file in the workspace, without a daemon, and pushes to
 * registries and/or writes an OCI tarball. No size report (use {@code mirrorImage} with {@code dockerfile} for that).
 */
public class BuildImageStep extends ImageStep {

    @DataBoundConstructor
    public BuildImageStep() {
        this.report = false;
    }

    @Override
    protected StepKind kind() {
        return StepKind.BUILD;
    }

    @Override
    public java.util.LinkedHashMap<String, Object> arguments() {
        java.util.LinkedHashMap<String, Object> map = super.arguments();
        map.remove("report");
        return map;
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

    @Extension
    @Symbol("buildImage")
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return StepKind.BUILD.functionName();
        }

        @Override
        public String getDisplayName() {
            return "Build a container image without a daemon and push it";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return REQUIRED_CONTEXT;
        }
    }
}
