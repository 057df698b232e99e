package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;

/**
 * One registry reference ready for the engine: the canonical reference with the real host, the credentials id that
 * applies (from the script or the registry's configuration, may be null) and the registry's connection settings.
 */
public record Endpoint(String reference, String credentialsId, RegistryProfile registry) implements Serializable {
    /** Crosses the channel as a plain {@link ChannelForm}, not as a record (cheaper on a fresh agent JVM). */
    private Object writeReplace() {
        return new ChannelForm(ChannelForm.Kind.ENDPOINT, reference, credentialsId, registry);
    }
}
