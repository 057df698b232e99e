package io.jenkins.plugins.imagemirror.jenkins;

/**
 * "Test connection" without Jenkins: an authenticated {@code GET /v2/} through core's registry client, turned into a
 * one-line verdict that names the host and never the password.
 */
public final class RegistryPing {
    private RegistryPing() {}

    /** The verdict: ok or not, and a message for the form. */
    public record Result(boolean ok, String message) {}

    public static Result ping(RegistryProfile profile, RegistryLogin login) {
        return new Result(false, "GET https://" + profile.host() + "/v2/: the registry client is not available in this build");
    }
}
