package io.jenkins.plugins.imagemirror.core.registry;

import java.io.Serializable;

/**
 * A user name and password (or token) for one registry. {@link #toString()} never shows the password: these
 * objects end up in logs and exception messages by accident sooner or later.
 */
public record RegistryCredentials(String username, String password) implements Serializable {
    public RegistryCredentials {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("registry credentials: user name is required");
        }
        if (password == null) {
            throw new IllegalArgumentException("registry credentials for '" + username + "': password is required");
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=****]";
    }
}
