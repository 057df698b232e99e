package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blob GETs redirected to blob storage elsewhere (S3, GCS, a CDN: what registries do with {@code storage.redirect};
 * distribution's filesystem driver cannot redirect, so this is a small protocol-level fake we own). The registry
 * side wants Basic auth on 127.0.0.1; its 307 points at "storage" on {@code localhost}, another origin, which must
 * never see the credentials.
 */
class RedirectIT {
    private HttpServer server;
    private final Map<String, String> authorizationSeen = new ConcurrentHashMap<>();
    private byte[] blob;
    private Descriptor descriptor;

    @BeforeEach
    void start() throws IOException {
        blob = new byte[700_000];
        new Random(30).nextBytes(blob);
        descriptor = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, blob);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        server.createContext("/v2/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizationSeen.put("registry " + ex.getRequestURI().getPath(), String.valueOf(auth));
            if (auth == null || !auth.startsWith("Basic ")) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                send(ex, 401, new byte[0]);
            } else if (ex.getRequestURI().getPath().equals("/v2/team/app/blobs/" + descriptor.digest())) {
                ex.getResponseHeaders()
                        .add(
                                "Location",
                                "http://localhost:" + port + "/storage/"
                                        + descriptor.digest().hex() + "?X-Signature=abc");
                send(ex, 307, new byte[0]);
            } else {
                send(ex, 200, "{}".getBytes());
            }
        });
        server.createContext("/storage/", ex -> {
            authorizationSeen.put(
                    "storage", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            send(ex, 200, blob);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void followsTheRedirectWithoutForwardingCredentials() throws Exception {
        String host = "127.0.0.1:" + server.getAddress().getPort();
        RegistryClient client = new RegistryClient(RegistrySettings.defaults(host)
                .withPlainHttp(true)
                .withCredentials(new RegistryCredentials("user", "redirect-secret")));
        try (InputStream in = client.getBlob("team/app", descriptor)) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(descriptor.digest());
        }
        assertThat(authorizationSeen.get("registry /v2/team/app/blobs/" + descriptor.digest()))
                .startsWith("Basic ");
        assertThat(authorizationSeen.get("storage")).isEqualTo("null");
    }
}
