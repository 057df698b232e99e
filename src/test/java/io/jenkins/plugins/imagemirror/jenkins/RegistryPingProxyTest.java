package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.registry.HttpProxy;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 10: "Test connection" goes through the proxy configured in Jenkins. hudson.ProxyConfiguration
 * (2.504.3): {@code createProxy(host)} answers Proxy.NO_PROXY when the host matches a "No Proxy Host" pattern
 * ({@code getNoProxyHostPatterns}: each entry with {@code .} literal and {@code *} any), else
 * {@code new Proxy(HTTP, new InetSocketAddress(name, port))}; ProxyConfiguration.open(URL) passes URL.getHost(),
 * the host without its port.
 */
class RegistryPingProxyTest {

    /** hudson.ProxyConfiguration.createProxy(String host, String name, int port, String noProxyHost), modelled. */
    static Proxy createProxy(String host, String name, int port, String noProxyHost, List<String> asked) {
        asked.add(host);
        for (String s : noProxyHost.split("[ \t\n,|]+")) {
            if (!s.isEmpty() && host.matches(s.replace(".", "\\.").replace("*", ".*"))) {
                return Proxy.NO_PROXY;
            }
        }
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(name, port));
    }

    @Test
    void theRouteIsJenkinsProxyUnlessTheHostIsExempt() {
        List<String> asked = new ArrayList<>();
        assertThat(RegistryPing.route("registry.corp:5000", null))
                .as("no proxy configured: JVM default")
                .isNull();
        assertThat(RegistryPing.route(
                        "registry.corp:5000", h -> createProxy(h, "proxy.corp", 3128, "*.internal\nlocalhost", asked)))
                .isEqualTo(new HttpProxy("proxy.corp", 3128));
        assertThat(RegistryPing.route(
                        "hub.internal:443", h -> createProxy(h, "proxy.corp", 3128, "*.internal\nlocalhost", asked)))
                .isEqualTo(HttpProxy.DIRECT);
        assertThat(RegistryPing.route("[::1]:5000", h -> createProxy(h, "proxy.corp", 3128, "", asked)))
                .isEqualTo(new HttpProxy("proxy.corp", 3128));
        assertThat(asked).containsExactly("registry.corp", "hub.internal", "::1");
    }

    /** A registry name that resolves nowhere, reachable only through the proxy, which answers {@code GET /v2/}. */
    @Test
    void testConnectionGoesThroughTheProxy() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        try {
            RegistryProfile lab = new RegistryProfile("lab", "registry.invalid:5000", null, null, true, 0);
            HttpProxy route = new HttpProxy("127.0.0.1", proxy.getAddress().getPort());
            RegistryPing.Result result = RegistryPing.ping(lab, null, route);
            assertThat(result.ok()).as(result.message()).isTrue();
            assertThat(result.message())
                    .isEqualTo("GET http://registry.invalid:5000/v2/ through proxy 127.0.0.1:"
                            + proxy.getAddress().getPort() + ": OK (anonymous)");
            assertThat(requests).containsExactly("GET http://registry.invalid:5000/v2/");
        } finally {
            proxy.stop(0);
        }
    }
}
