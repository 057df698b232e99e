package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry that stops sending (a fake we own): every wait ends within the configured read timeout. The fake never
 * sends the rest until the test is over, so only the read timeout can end a call: that a call returns at all, with
 * the read timeout's message, is the proof (no elapsed-time bound that a loaded machine could break; {@code @Timeout}
 * only guards against a hang).
 */
@Timeout(120)
class StalledRegistryTest {
    private static final Descriptor BLOB = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, new byte[1000]);
    private HttpServer server;
    private ExecutorService executor;
    private String host;
    private final CountDownLatch over = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/v2/stalled/", ex -> {
            if (ex.getRequestURI().getPath().contains("/manifests/")) {
                awaitEnd(); // no response headers at all
                return;
            }
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[10]);
            out.flush();
            awaitEnd(); // the rest never comes
        });
        server.createContext("/v2/slowreader/", ex -> {
            ex.sendResponseHeaders(200, 1000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1000]);
            }
        });
        server.start();
    }

    private void awaitEnd() {
        try {
            over.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        over.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private RegistryClient client() {
        return new RegistryClient(RegistrySettings.defaults(host)
                .withPlainHttp(true)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofMillis(1000))
                .withRetries(2, Duration.ofSeconds(1)));
    }

    @Test
    void aBlobWhoseBytesStopComingFailsAfterTheReadTimeout() throws Exception {
        RegistryClient client = client();
        try (InputStream warmUp = client.getBlob("slowreader/app", BLOB)) {
            warmUp.readAllBytes(); // the first request of a JVM can take most of a second on a busy machine
        }
        try (InputStream in = client.getBlob("stalled/app", BLOB)) {
            assertThat(in.readNBytes(10)).hasSize(10);
            IOException e = catchThrowableOfType(in::readAllBytes, IOException.class);
            assertThat(e)
                    .hasMessage("pulling blob " + BLOB.digest().shortForm() + " from " + host
                            + "/stalled/app: no data for 1.0 s (read timeout): the registry or the network stalled");
        }
    }

    @Test
    void aReaderThatPausesIsNotAStall() throws Exception {
        try (InputStream in = client().getBlob("slowreader/app", BLOB)) {
            assertThat(in.readNBytes(10)).hasSize(10);
            Thread.sleep(1300);
            assertThat(in.readAllBytes()).hasSize(990);
        }
    }

    @Test
    void noResponseHeadersIsRetriedThenExplained() {
        RegistryException e =
                catchThrowableOfType(() -> client().headManifest("stalled/app", "1"), RegistryException.class);
        assertThat(e.getMessage())
                .startsWith("checking manifest of " + host + "/stalled/app:1: timed out: no response" + " from " + host
                        + " within the read timeout")
                .contains("; gave up after 2 attempts");
    }
}
