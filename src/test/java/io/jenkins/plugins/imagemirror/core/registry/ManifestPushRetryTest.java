package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A manifest PUT refused because the registry cannot see a blob just uploaded (distribution's in-place link file
 * rewrite under concurrent uploads; eventually consistent storage) is tried again; other 400s are not.
 */
class ManifestPushRetryTest {
    private static final String BLOB_UNKNOWN = "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest"
            + " did not match uploaded content\"},{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}";
    private static final String INVALID =
            "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\"}]}";

    private HttpServer server;
    private final AtomicInteger puts = new AtomicInteger();
    private volatile int refusals;
    private volatile String refusal = BLOB_UNKNOWN;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestMethod().equals("PUT") && puts.incrementAndGet() <= refusals) {
            send(exchange, 400, refusal);
        } else {
            send(exchange, 201, "");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private RegistryClient client() {
        String host = "127.0.0.1:" + server.getAddress().getPort();
        return new RegistryClient(RegistrySettings.defaults(host).withPlainHttp(true));
    }

    private static Manifest manifest() {
        Descriptor config = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256("c"), 1);
        return Manifest.create(MediaType.OCI_MANIFEST, config, List.of(), Map.of());
    }

    @Test
    void aBlobTheRegistryCannotSeeYetIsRetried() throws IOException {
        refusals = 2;
        Manifest manifest = manifest();

        assertThat(client().putManifest("team/app", "1.0", manifest)).isEqualTo(manifest.digest());
        assertThat(puts.get()).isEqualTo(3);
    }

    @Test
    void aBlobThatStaysUnknownFailsNamingTheCode() {
        refusals = 100;

        RegistryException e = catchThrowableOfType(
                () -> client().putManifest("team/app", "1.0", manifest()), RegistryException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("MANIFEST_BLOB_UNKNOWN");
        assertThat(puts.get()).isEqualTo(4);
    }

    @Test
    void anInvalidManifestIsNotRetried() {
        refusals = 100;
        refusal = INVALID;

        RegistryException e = catchThrowableOfType(
                () -> client().putManifest("team/app", "1.0", manifest()), RegistryException.class);

        assertThat(e.getMessage()).contains("MANIFEST_INVALID");
        assertThat(puts.get()).isEqualTo(1);
    }
}
