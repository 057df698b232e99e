package io.jenkins.plugins.imagemirror.core.image;

import java.util.List;
import java.util.Locale;

/**
 * Docker Hub's host names, in one place: references, per-host settings, docker {@code config.json} keys and the
 * Jenkins configuration all say {@code docker.io} for any of them; the registry API itself is served by
 * {@code registry-1.docker.io}.
 */
public final class DockerHub {
    /** The name references and settings use. */
    public static final String HOST = "docker.io";
    /** The host that serves the registry API. */
    public static final String API_HOST = "registry-1.docker.io";
    /** Every name of Docker Hub: the canonical one, the index, the API host and the legacy hub host. */
    public static final List<String> ALIASES = List.of(HOST, "index.docker.io", API_HOST, "registry.hub.docker.com");

    private DockerHub() {}

    /** True for any of Docker Hub's names, in any case. */
    public static boolean isAlias(String host) {
        return host != null && ALIASES.contains(host.toLowerCase(Locale.ROOT));
    }

    /** {@code docker.io} for every name of Docker Hub; lower case; the host otherwise unchanged. */
    public static String canonicalHost(String host) {
        return isAlias(host) ? HOST : host.toLowerCase(Locale.ROOT);
    }

    /** The host to send registry API requests to. */
    public static String apiHost(String host) {
        return isAlias(host) ? API_HOST : host;
    }
}
