package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy in front of a registry that limits the size of a request body (nginx's default client_max_body_size is
 * 1 MiB, so a layer upload meets it first) answers 413 with a page of its own: the error says what to change, and
 * names nothing the user cannot do.
 */
class RequestTooLargeTest {
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] page = "<html><head><title>413 Request Entity Too Large</title></head></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(413, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRequestRefusedAsTooLargeSaysWhichLimitToRaise() {
        String host = "127.0.0.1:" + server.getAddress().getPort();
        RegistryClient client =
                new RegistryClient(RegistrySettings.defaults(host).withPlainHttp(true));
        Descriptor config = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256("c"), 1);
        Manifest manifest = Manifest.create(MediaType.OCI_MANIFEST, config, List.of(), Map.of());

        RegistryException e =
                catchThrowableOfType(() -> client.putManifest("team/app", "1", manifest), RegistryException.class);

        assertThat(e.getMessage())
                .contains("413")
                .contains("client_max_body_size")
                .doesNotContain("chunked")
                .doesNotContain("\n");
    }
}
