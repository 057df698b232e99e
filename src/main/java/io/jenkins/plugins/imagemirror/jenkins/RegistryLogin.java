package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import java.io.Serializable;

/**
 * A username and password resolved on the controller for one credentials id, carried to the agent for the work and
 * nowhere else: never persisted, never logged ({@link #toString()} hides the password), never returned to scripts.
 */
public final class RegistryLogin implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String credentialsId;
    private final String username;
    private final String password;

    public RegistryLogin(String credentialsId, String username, String password) {
        this.credentialsId = credentialsId;
        this.username = username;
        this.password = password;
    }

    public String credentialsId() {
        return credentialsId;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The user name and password as core's registry client takes them. */
    public RegistryCredentials credentials() {
        return new RegistryCredentials(username, password);
    }

    @Override
    public String toString() {
        return "credentials '" + credentialsId + "' (user " + username + ", password hidden)";
    }
}
