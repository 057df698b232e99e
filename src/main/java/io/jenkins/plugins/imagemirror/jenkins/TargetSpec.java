package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;
import java.util.Objects;

/**
 * One destination as the script wrote it: a reference (whose first component may name a registry of the global
 * configuration) and an optional credentials id. Serializable: it travels to the agent inside {@link WorkPlan}.
 */
public final class TargetSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String reference;
    private final String credentialsId;

    public TargetSpec(String reference, String credentialsId) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.credentialsId = credentialsId;
    }

    public String reference() {
        return reference;
    }

    /** Null when the registry's configured credentials (or none) apply. */
    public String credentialsId() {
        return credentialsId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetSpec t
                && reference.equals(t.reference)
                && Objects.equals(credentialsId, t.credentialsId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, credentialsId);
    }

    @Override
    public String toString() {
        return credentialsId == null ? reference : reference + " (credentials '" + credentialsId + "')";
    }
}
