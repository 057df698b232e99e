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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A manifest whose bytes do not hash to the digest asked for, or to the registry's own Docker-Content-Digest (sha256
 * or sha512), is refused: a registry or a proxy that alters a manifest cannot change what is copied.
 */
class AlteredManifestTest {
    private static final Manifest MANIFEST = Manifest.create(
            MediaType.OCI_MANIFEST, Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256("c"), 1), List.of(), Map.of());
    private static final byte[] ALTERED = (new String(MANIFEST.bytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"size\":1", "\"size\":2"))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void bytesThatAreNotTheDigestAskedForAreRefused() throws IOException {
        RegistryClient client = serving(ALTERED, null);
        RegistryException e = catchThrowableOfType(
                () -> client.getManifest("team/app", MANIFEST.digest().toString()), RegistryException.class);
        assertThat(e.getMessage()).contains("hash to").contains("the digest asked for");
    }

    @Test
    void bytesThatAreNotTheRegistrysOwnDigestAreRefusedInEitherAlgorithm() throws IOException {
        for (Digest stated : List.of(Digest.sha256(MANIFEST.bytes()), Digest.compute("sha512", MANIFEST.bytes()))) {
            RegistryClient client = serving(ALTERED, stated);
            RegistryException e =
                    catchThrowableOfType(() -> client.getManifest("team/app", "1"), RegistryException.class);
            assertThat(e.getMessage())
                    .as("%s", stated.algorithm())
                    .contains("hash to " + stated.algorithm() + ":")
                    .contains("Docker-Content-Digest");
            server.stop(0);
        }
        RegistryClient faithful = serving(MANIFEST.bytes(), Digest.compute("sha512", MANIFEST.bytes()));
        assertThat(faithful.getManifest("team/app", "1").digest()).isEqualTo(MANIFEST.digest());
    }

    private RegistryClient serving(byte[] body, Digest stated) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", MediaType.OCI_MANIFEST);
            if (stated != null) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", stated.toString());
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new RegistryClient(
                RegistrySettings.defaults("127.0.0.1:" + server.getAddress().getPort())
                        .withPlainHttp(true));
    }
}
