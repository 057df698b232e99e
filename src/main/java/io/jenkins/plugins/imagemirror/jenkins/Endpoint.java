package io.jenkins.plugins.imagemirror.jenkins;

import java.io.Serializable;

/**
 * One registry reference ready for the engine: the canonical reference with the real host, the credentials id that
 * applies (from the script or the registry's configuration, may be null) and the registry's connection settings.
 */
public record Endpoint(String reference, String credentialsId, RegistryProfile registry) implements Serializable {
    /** Crosses the channel as a plain {@link Wire}, not as a record (see {@link ImageWorkSpec}'s: cheaper on a fresh agent JVM). */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** This endpoint's components as plain fields; {@code readResolve} calls the canonical constructor again. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String reference;
        private final String credentialsId;
        private final RegistryProfile registry;

        Wire(Endpoint endpoint) {
            reference = endpoint.reference;
            credentialsId = endpoint.credentialsId;
            registry = endpoint.registry;
        }

        private Object readResolve() {
            return new Endpoint(reference, credentialsId, registry);
        }
    }
}
