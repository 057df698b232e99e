package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * A registry as the global configuration describes it, without Jenkins types: a short name scripts may use as the
 * first component of a reference, its host, and how to reach it. Holds a credentials id, never a secret.
 *
 * @param maxRetryWaitSeconds the longest wait a 429/503 {@code Retry-After} may impose before the copy gives up
 */
public record RegistryProfile(
        String name,
        String host,
        String credentialsId,
        String caCertificatePem,
        boolean plainHttp,
        int maxRetryWaitSeconds)
        implements Serializable {

    public static final int DEFAULT_MAX_RETRY_WAIT_SECONDS = 60;

    public RegistryProfile {
        host = hostOf(host);
        if (maxRetryWaitSeconds < 0) {
            throw new IllegalArgumentException("registry '" + name + "': the longest wait on 429 cannot be negative");
        }
    }

    /** Crosses the channel as a plain {@link Wire}, not as a record (see {@link ImageWorkSpec}'s: cheaper on a fresh agent JVM). */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** This profile's components as plain fields; {@code readResolve} calls the canonical constructor again. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String host;
        private final String credentialsId;
        private final String caCertificatePem;
        private final boolean plainHttp;
        private final int maxRetryWaitSeconds;

        Wire(RegistryProfile profile) {
            name = profile.name;
            host = profile.host;
            credentialsId = profile.credentialsId;
            caCertificatePem = profile.caCertificatePem;
            plainHttp = profile.plainHttp;
            maxRetryWaitSeconds = profile.maxRetryWaitSeconds;
        }

        private Object readResolve() {
            return new RegistryProfile(name, host, credentialsId, caCertificatePem, plainHttp, maxRetryWaitSeconds);
        }
    }

    /** {@code https://registry.corp:5000/} → {@code registry.corp:5000}; a bare host is kept. */
    public static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        String host = url.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        return slash >= 0 ? host.substring(0, slash) : host;
    }

    /** What core's registry client needs for this registry: connection settings, and the login when given one. */
    public RegistrySettings settings(RegistryLogin login) {
        RegistrySettings settings = RegistrySettings.defaults(host)
                .withPlainHttp(plainHttp)
                .withRetries(RegistrySettings.DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(maxRetryWaitSeconds));
        if (caCertificatePem != null) {
            settings = settings.withCaCertificatePem(caCertificatePem);
        }
        return login == null ? settings : settings.withCredentials(login.credentials());
    }

    /** Settings for a registry nobody configured: TLS with the JDK's trust store, anonymous unless given an id. */
    public static RegistryProfile unconfigured(String host) {
        return new RegistryProfile(null, host, null, null, false, DEFAULT_MAX_RETRY_WAIT_SECONDS);
    }
}
