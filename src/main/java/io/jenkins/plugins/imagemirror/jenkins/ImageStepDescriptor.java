package io.jenkins.plugins.imagemirror.jenkins;

import hudson.AbortException;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the three steps' descriptors share: strict parameters, the required context and the credential dropdowns of
 * the Snippet Generator (POST only, and only for users who may configure the job or read its configuration).
 */
public abstract class ImageStepDescriptor extends StepDescriptor {

    /**
     * Refuses a parameter the step does not have, with one line naming it and the valid ones, before binding. Without
     * this, a misspelt parameter is silently dropped: structs' {@code DescribableModel.instantiate(Map, TaskListener)}
     * only prints "WARNING: Unknown parameter(s) found for class type …". workflow-cps' {@code DSL.invokeStep} calls
     * this method instead of structs when a descriptor overrides it ({@code Util.isOverridden(StepDescriptor.class,
     * d.getClass(), "newInstance", Map.class)}); the AbortException it throws fails the step without a stack trace.
     */
    @Override
    public Step newInstance(Map<String, Object> arguments) throws Exception {
        try {
            StepArguments.checkKnown(kind(), arguments.keySet());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return super.newInstance(arguments);
    }

    /** The step this descriptor describes, by its function name. */
    StepKind kind() {
        for (StepKind kind : StepKind.values()) {
            if (kind.functionName().equals(getFunctionName())) {
                return kind;
            }
        }
        throw new IllegalStateException("no StepKind for " + getFunctionName());
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return ImageStep.REQUIRED_CONTEXT;
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return CredentialsChoices.forItem(item, credentialsId);
    }

    @POST
    public ListBoxModel doFillSourceCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String sourceCredentialsId) {
        return CredentialsChoices.forItem(item, sourceCredentialsId);
    }
}
