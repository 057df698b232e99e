package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Manage Jenkins → System → Image Mirror: named registries and default targets. Configuration as code:
 * <pre>
 * unclassified:
 *   imageMirror:
 *     registries:
 *       - name: corp
 *         url: registry.corp:5000
 *         credentialsId: corp-push
 *         maxRetryWaitSeconds: 120
 *     defaultTargets: "corp/mirror"
 * </pre>
 */
@Extension
@Symbol("imageMirror")
public class ImageMirrorConfiguration extends GlobalConfiguration {
    private List<RegistryEntry> registries = new ArrayList<>();
    private String defaultTargets;

    public ImageMirrorConfiguration() {
        load();
    }

    public static ImageMirrorConfiguration get() {
        return ExtensionList.lookupSingleton(ImageMirrorConfiguration.class);
    }

    public List<RegistryEntry> getRegistries() {
        return registries == null ? new ArrayList<>() : new ArrayList<>(registries);
    }

    @DataBoundSetter
    public void setRegistries(List<RegistryEntry> registries) {
        this.registries = registries == null ? new ArrayList<>() : new ArrayList<>(registries);
        save();
    }

    /** Repository prefixes, one per line or comma-separated, e.g. {@code corp/mirror}. */
    public String getDefaultTargets() {
        return defaultTargets;
    }

    @DataBoundSetter
    public void setDefaultTargets(String defaultTargets) {
        this.defaultTargets = ImageStep.blankToNull(defaultTargets);
        save();
    }

    /** The registries without Jenkins types, for {@link StepFlow}. */
    public List<RegistryProfile> profiles() {
        List<RegistryProfile> profiles = new ArrayList<>();
        for (RegistryEntry entry : getRegistries()) {
            profiles.add(entry.toProfile());
        }
        return profiles;
    }

    public List<String> defaultTargetList() {
        return DefaultTargets.parse(defaultTargets);
    }
}
