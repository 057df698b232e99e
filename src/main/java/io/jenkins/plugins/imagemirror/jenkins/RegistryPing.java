package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.registry.HttpProxy;
import io.jenkins.plugins.imagemirror.core.registry.RateLimitListener;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.function.Function;

/**
 * "Test connection" without Jenkins: an authenticated {@code GET /v2/} through core's registry client, turned into a
 * one-line verdict that names the host (and the proxy, if any) and never the password.
 */
public final class RegistryPing {
    private RegistryPing() {}

    /** The verdict: ok or not, and a message for the form (plain text; the form escapes it). */
    public record Result(boolean ok, String message) {}

    public static Result ping(RegistryProfile profile, RegistryLogin login) {
        return ping(profile, login, null);
    }

    /** @param proxy how the controller reaches the registry; null for the JVM's default ProxySelector */
    public static Result ping(RegistryProfile profile, RegistryLogin login, HttpProxy proxy) {
        String scheme = profile.plainHttp() ? "http" : "https";
        String what = "GET " + scheme + "://" + profile.host() + "/v2/"
                + (proxy == null || proxy.isDirect() ? "" : " through " + proxy);
        try {
            new RegistryClient(profile.settings(login), RateLimitListener.NONE, proxy).ping();
            return new Result(
                    true,
                    what + ": OK"
                            + (login == null
                                    ? " (anonymous)"
                                    : " as " + login.username() + " (credentials '" + login.credentialsId() + "')"));
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (login != null) {
                message = message.replace(login.password(), "****");
            }
            return new Result(false, what + ": " + message);
        }
    }

    /**
     * The route Jenkins' proxy configuration gives a registry host ({@code host[:port]}), or null when Jenkins has
     * none. {@code createProxy} is hudson.ProxyConfiguration.createProxy(String): it takes the host name without
     * the port (as ProxyConfiguration.open(URL) passes URL.getHost()) and answers Proxy.NO_PROXY for a host matching
     * the "No Proxy Host" patterns, else an HTTP proxy at the configured name and port.
     */
    static HttpProxy route(String registryHost, Function<String, Proxy> createProxy) {
        if (createProxy == null) {
            return null;
        }
        Proxy proxy = createProxy.apply(hostName(registryHost));
        if (proxy == null || proxy.type() == Proxy.Type.DIRECT || !(proxy.address() instanceof InetSocketAddress at)) {
            return HttpProxy.DIRECT;
        }
        return new HttpProxy(at.getHostString(), at.getPort());
    }

    /** {@code registry.corp:5000} → {@code registry.corp}; {@code [::1]:5000} → {@code ::1}. */
    static String hostName(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end > 0 ? hostAndPort.substring(1, end) : hostAndPort;
        }
        int colon = hostAndPort.lastIndexOf(':');
        return colon > 0 && hostAndPort.indexOf(':') == colon ? hostAndPort.substring(0, colon) : hostAndPort;
    }
}
