package io.jenkins.plugins.imagemirror.core.registry;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;

/**
 * How a client reaches its registry when the caller decides it: through an HTTP proxy (CONNECT for TLS) at
 * {@code host:port}, or {@link #DIRECT}. A client given none uses the JVM's default ProxySelector (the
 * {@code http(s).proxyHost} system properties). Proxy authentication is not supported.
 *
 * @param host the proxy's host name or address; null only for {@link #DIRECT}
 * @param port the proxy's port, 1-65535 (0 for {@link #DIRECT})
 */
public record HttpProxy(String host, int port) implements Serializable {
    /** No proxy, whatever the JVM's defaults say (a host the proxy configuration exempts). */
    public static final HttpProxy DIRECT = new HttpProxy(null, 0);

    public HttpProxy {
        if (host == null ? port != 0 : host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "HTTP proxy '" + host + ":" + port + "': give a host and a port 1-65535");
        }
    }

    public boolean isDirect() {
        return host == null;
    }

    ProxySelector selector() {
        return isDirect()
                ? HttpClient.Builder.NO_PROXY
                : ProxySelector.of(InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public String toString() {
        return isDirect() ? "no proxy" : "proxy " + host + ":" + port;
    }
}
