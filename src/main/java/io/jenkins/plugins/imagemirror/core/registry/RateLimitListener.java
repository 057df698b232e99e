package io.jenkins.plugins.imagemirror.core.registry;

/** Told about a registry's rate limit each time a response carries {@code ratelimit-*} headers. Thread-safe. */
@FunctionalInterface
public interface RateLimitListener {
    RateLimitListener NONE = (host, limit) -> {};

    void rateLimit(String host, RateLimit limit);
}
