package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.DockerHub;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * How to talk to one registry host: credentials, trust, transport and patience. Immutable; the {@code with…}
 * methods return changed copies. Serializable so that a Jenkins controller can send it to an agent; its
 * {@link #toString()} never shows the password.
 *
 * @param host             {@code host[:port]} as in an image reference ({@code docker.io} for Docker Hub)
 * @param credentials      {@code null} for anonymous access
 * @param caCertificatePem PEM certificates trusted for this host in addition to the JDK's; {@code null} for the
 *                         JDK's only. TLS verification is never switched off.
 * @param plainHttp        talk plain HTTP to this host (credentials, if any, are then sent in clear: only for
 *                         hosts explicitly opted in)
 * @param maxRetryWait     the most time spent waiting between retries of one request (Retry-After and backoff);
 *                         a request that would need longer fails with a message saying so
 * @param maxAttempts      the most attempts of one request (1 = no retry)
 * @param connectTimeout   TCP/TLS connection timeout
 * @param readTimeout      time allowed until the response headers of one request arrive
 * @param uploadChunkSize  0 for monolithic blob uploads (one PUT); else the size of each PATCH chunk, for
 *                         registries or proxies that cap request bodies
 */
public record RegistrySettings(
        String host,
        RegistryCredentials credentials,
        String caCertificatePem,
        boolean plainHttp,
        Duration maxRetryWait,
        int maxAttempts,
        Duration connectTimeout,
        Duration readTimeout,
        long uploadChunkSize)
        implements Serializable {
    public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public RegistrySettings {
        if (host == null || host.isBlank() || host.contains("/") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("registry settings: host '" + host + "' is not a host[:port]");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (maxRetryWait == null || maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("registry settings for " + host + ": maxRetryWait must be >= 0");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("registry settings for " + host + ": maxAttempts must be >= 1");
        }
        if (connectTimeout == null
                || connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout == null
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("registry settings for " + host + ": timeouts must be positive");
        }
        if (uploadChunkSize < 0) {
            throw new IllegalArgumentException("registry settings for " + host + ": uploadChunkSize must be >= 0");
        }
    }

    /** Anonymous, TLS with the JDK's trust store, default retries and timeouts, monolithic uploads. */
    public static RegistrySettings defaults(String host) {
        return new RegistrySettings(
                host,
                null,
                null,
                false,
                DEFAULT_MAX_RETRY_WAIT,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT,
                0);
    }

    /** These settings for another host (credentials are dropped: they belong to one registry). */
    public RegistrySettings forHost(String newHost) {
        return new RegistrySettings(
                newHost,
                null,
                caCertificatePem,
                plainHttp,
                maxRetryWait,
                maxAttempts,
                connectTimeout,
                readTimeout,
                uploadChunkSize);
    }

    public RegistrySettings withCredentials(RegistryCredentials newCredentials) {
        return new RegistrySettings(
                host,
                newCredentials,
                caCertificatePem,
                plainHttp,
                maxRetryWait,
                maxAttempts,
                connectTimeout,
                readTimeout,
                uploadChunkSize);
    }

    public RegistrySettings withCaCertificatePem(String pem) {
        return new RegistrySettings(
                host,
                credentials,
                pem,
                plainHttp,
                maxRetryWait,
                maxAttempts,
                connectTimeout,
                readTimeout,
                uploadChunkSize);
    }

    public RegistrySettings withPlainHttp(boolean newPlainHttp) {
        return new RegistrySettings(
                host,
                credentials,
                caCertificatePem,
                newPlainHttp,
                maxRetryWait,
                maxAttempts,
                connectTimeout,
                readTimeout,
                uploadChunkSize);
    }

    public RegistrySettings withRetries(int newMaxAttempts, Duration newMaxRetryWait) {
        return new RegistrySettings(
                host,
                credentials,
                caCertificatePem,
                plainHttp,
                newMaxRetryWait,
                newMaxAttempts,
                connectTimeout,
                readTimeout,
                uploadChunkSize);
    }

    public RegistrySettings withTimeouts(Duration newConnectTimeout, Duration newReadTimeout) {
        return new RegistrySettings(
                host,
                credentials,
                caCertificatePem,
                plainHttp,
                maxRetryWait,
                maxAttempts,
                newConnectTimeout,
                newReadTimeout,
                uploadChunkSize);
    }

    public RegistrySettings withUploadChunkSize(long newUploadChunkSize) {
        return new RegistrySettings(
                host,
                credentials,
                caCertificatePem,
                plainHttp,
                maxRetryWait,
                maxAttempts,
                connectTimeout,
                readTimeout,
                newUploadChunkSize);
    }

    /** The host that serves the registry API: Docker Hub's API lives on {@code registry-1.docker.io}. */
    public String apiHost() {
        return DockerHub.apiHost(host);
    }

    /** Docker Hub, whose anonymous pull limit deserves a hint in rate-limit messages. */
    public boolean isDockerHub() {
        return DockerHub.isAlias(host);
    }

    @Override
    public String toString() {
        return "RegistrySettings[host=" + host
                + ", credentials=" + (credentials == null ? "anonymous" : "user " + credentials.username())
                + ", caCertificate=" + (caCertificatePem == null ? "JDK trust store" : "custom")
                + ", plainHttp=" + plainHttp + ", maxRetryWait=" + maxRetryWait + ", maxAttempts=" + maxAttempts
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", uploadChunkSize=" + uploadChunkSize + "]";
    }
}
