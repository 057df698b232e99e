package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The parameters {@code mirrorImage} and {@code buildImage} share: what to build, where to push, the tarball.
 * Stapler and structs find inherited {@code @DataBoundSetter}s; {@code imageSizes} does not extend this class, so it
 * does not offer them. Both steps' Snippet Generator forms show them from this class's {@code config.jelly}.
 */
public abstract class PushingImageStep extends ImageStep {
    private String dockerfile;
    private String buildFile;
    private String context;
    private List<String> buildArgs;
    private String target;
    private String credentialsId;
    private List<MirrorTarget> targets;
    private List<String> tags;
    private String tarball;
    private boolean archiveTarball;
    private int jobs = CopyOptions.DEFAULT_JOBS;

    /**
     * The pushing parameters of {@code step}: its own, or a new step's defaults for {@code imageSizes}, which has none.
     * (Here, not in the validator: {@link ImageWorkSpec} also loads on agents, where no step class should.)
     */
    static PushingImageStep parametersOf(ImageStep step) {
        return step instanceof PushingImageStep pushing ? pushing : new BuildImageStep();
    }

    @DataBoundSetter
    public void setDockerfile(String dockerfile) {
        this.dockerfile = blankToNull(dockerfile);
    }

    public String getDockerfile() {
        return dockerfile;
    }

    @DataBoundSetter
    public void setBuildFile(String buildFile) {
        this.buildFile = blankToNull(buildFile);
    }

    public String getBuildFile() {
        return buildFile;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = blankToNull(context);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setBuildArgs(List<String> buildArgs) {
        this.buildArgs = copy(buildArgs);
    }

    public List<String> getBuildArgs() {
        return buildArgs;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = blankToNull(target);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setTargets(List<MirrorTarget> targets) {
        this.targets = targets == null ? null : new ArrayList<>(targets);
    }

    public List<MirrorTarget> getTargets() {
        return targets;
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = copy(tags);
    }

    public List<String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTarball(String tarball) {
        this.tarball = blankToNull(tarball);
    }

    public String getTarball() {
        return tarball;
    }

    @DataBoundSetter
    public void setArchiveTarball(boolean archiveTarball) {
        this.archiveTarball = archiveTarball;
    }

    public boolean isArchiveTarball() {
        return archiveTarball;
    }

    /** Blobs in flight at once, per destination set (the CLI's {@code --jobs}); more helps on a slow, wide link. */
    @DataBoundSetter
    public void setJobs(int jobs) {
        this.jobs = jobs;
    }

    public int getJobs() {
        return jobs;
    }
}
