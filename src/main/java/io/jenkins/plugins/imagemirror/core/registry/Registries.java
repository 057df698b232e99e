package io.jenkins.plugins.imagemirror.core.registry;

import io.jenkins.plugins.imagemirror.core.image.DockerHub;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of every registry one job talks to: explicit settings per host, and a default (anonymous, TLS)
 * for the others. Serializable (sent to Jenkins agents); the clients it hands out are created lazily, one per
 * host, and shared so that connections and tokens are reused across images.
 *
 * <p>Docker Hub's names ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io}) are one host.
 */
public final class Registries implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RegistrySettings defaults;
    private final Map<String, RegistrySettings> byHost;
    private transient volatile RateLimitListener rateLimitListener;
    private transient volatile Map<String, RegistryClient> clients;

    private Registries(RegistrySettings defaults, Map<String, RegistrySettings> byHost) {
        this.defaults = defaults;
        this.byHost = Collections.unmodifiableMap(new LinkedHashMap<>(byHost));
    }

    /** No explicit host: every registry gets {@link RegistrySettings#defaults}. */
    public static Registries defaults() {
        return new Registries(RegistrySettings.defaults("default"), Map.of());
    }

    /** Every host not named explicitly gets {@code template} (its credentials are never used for other hosts). */
    public Registries withDefault(RegistrySettings template) {
        return new Registries(template.forHost("default"), byHost);
    }

    /** Replaces the settings of {@code settings.host()}. */
    public Registries with(RegistrySettings settings) {
        Map<String, RegistrySettings> copy = new LinkedHashMap<>(byHost);
        String key = canonicalHost(settings.host());
        copy.put(
                key,
                settings.host().equals(key) ? settings : settings.forHost(key).withCredentials(settings.credentials()));
        return new Registries(defaults, copy);
    }

    /** Adds credentials for every host of a docker {@code config.json}, keeping other settings of those hosts. */
    public Registries withCredentials(Map<String, RegistryCredentials> credentialsByHost) {
        Registries result = this;
        for (Map.Entry<String, RegistryCredentials> e : credentialsByHost.entrySet()) {
            result = result.with(result.settings(e.getKey()).withCredentials(e.getValue()));
        }
        return result;
    }

    /** The settings for {@code host}: explicit ones, else the defaults for that host. */
    public RegistrySettings settings(String host) {
        String key = canonicalHost(host);
        RegistrySettings explicit = byHost.get(key);
        return explicit != null ? explicit : defaults.forHost(key);
    }

    /** Receives the {@code ratelimit-*} headers of every client created from now on. */
    public Registries onRateLimit(RateLimitListener listener) {
        this.rateLimitListener = listener;
        return this;
    }

    /** The shared client for {@code host}, created on first use. */
    public RegistryClient client(String host) {
        Map<String, RegistryClient> map = clients;
        if (map == null) {
            synchronized (this) {
                if (clients == null) {
                    clients = new ConcurrentHashMap<>();
                }
                map = clients;
            }
        }
        RateLimitListener listener = rateLimitListener;
        return map.computeIfAbsent(
                canonicalHost(host),
                h -> new RegistryClient(settings(h), listener == null ? RateLimitListener.NONE : listener));
    }

    /** {@code docker.io} for every name of Docker Hub; lower case; the host otherwise unchanged. */
    public static String canonicalHost(String host) {
        return DockerHub.canonicalHost(host);
    }

    @Override
    public String toString() {
        return "Registries[default=" + defaults + ", hosts=" + byHost.values() + "]";
    }
}
