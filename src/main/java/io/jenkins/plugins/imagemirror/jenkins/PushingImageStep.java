package io.jenkins.plugins.imagemirror.jenkins;

import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The parameters {@code mirrorImage} and {@code buildImage} share: what to build, where to push, the tarball.
 * Stapler and the Snippet Generator find inherited {@code @DataBoundSetter}s; {@code imageSizes} does not extend
 * this class, so it does not offer them.
 */
public abstract class PushingImageStep extends ImageStep {

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
}
