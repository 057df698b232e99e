package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import java.io.IOException;

/**
 * "Test connection" without Jenkins: an authenticated {@code GET /v2/} through core's registry client, turned into a
 * one-line verdict that names the host and never the password.
 */
public final class RegistryPing {
    private RegistryPing() {}

    /** The verdict: ok or not, and a message for the form (plain text; the form escapes it). */
    public record Result(boolean ok, String message) {}

    public static Result ping(RegistryProfile profile, RegistryLogin login) {
        String scheme = profile.plainHttp() ? "http" : "https";
        String what = "GET " + scheme + "://" + profile.host() + "/v2/";
        try {
            new RegistryClient(RegistryClients.settings(profile, login)).ping();
            return new Result(true, what + ": OK" + (login == null ? " (anonymous)"
                    : " as " + login.username() + " (credentials '" + login.credentialsId() + "')"));
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (login != null) {
                message = message.replace(login.password(), "****");
            }
            return new Result(false, what + ": " + message);
        }
    }
}
