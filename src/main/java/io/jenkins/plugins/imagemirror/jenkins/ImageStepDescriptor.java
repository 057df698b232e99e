package io.jenkins.plugins.imagemirror.jenkins;

import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the three steps' descriptors share: the required context and the credential dropdowns of the Snippet
 * Generator (POST only, and only for users who may configure the job or read its configuration).
 */
public abstract class ImageStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return ImageStep.REQUIRED_CONTEXT;
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return CredentialsChoices.forItem(item, credentialsId);
    }

    @POST
    public ListBoxModel doFillSourceCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String sourceCredentialsId) {
        return CredentialsChoices.forItem(item, sourceCredentialsId);
    }
}
