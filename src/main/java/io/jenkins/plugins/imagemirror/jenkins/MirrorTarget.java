package io.jenkins.plugins.imagemirror.jenkins;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One entry of a step's {@code targets}: {@code [reference: 'corp/team/app:1.0', credentialsId: 'corp-push']}.
 * The reference's first component may be the name of a registry in the global configuration.
 */
public class MirrorTarget extends AbstractDescribableImpl<MirrorTarget> {
    private final String reference;
    private String credentialsId;

    @DataBoundConstructor
    public MirrorTarget(String reference) {
        this.reference = reference;
    }

    public String getReference() {
        return reference;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = credentialsId == null || credentialsId.isBlank() ? null : credentialsId;
    }

    @Extension
    @Symbol("target")
    public static class DescriptorImpl extends Descriptor<MirrorTarget> {
        @Override
        public String getDisplayName() {
            return "Image target";
        }

        /** Lists Username/Password credentials the job can use; POST and permission-checked (it reveals ids). */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsChoices.forItem(item, credentialsId);
        }
    }
}
