package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

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

    /**
     * Manage Jenkins → System → Save. The inherited GlobalConfiguration.configure binds with
     * StaplerRequest2.bindJSON(this, json), which calls a setter only for the keys the form sent, and a repeatable
     * with no entry sends no key: without this, deleting the last registry would keep it. So the form is completed
     * with every property it can omit before binding (as throttle-concurrent-builds' ThrottleJobProperty.DescriptorImpl
     * resets its categories).
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        req.bindJSON(this, completed(json));
        return true;
    }

    /** The submitted section with an empty {@code registries} list when the form sent none (all rows deleted). */
    static JSONObject completed(JSONObject json) {
        JSONObject form = json == null ? new JSONObject() : json;
        if (!form.has("registries")) {
            form.put("registries", new JSONArray());
        }
        return form;
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
