package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blob bytes travel on {@link BlockingExchange} (HttpURLConnection), as every request but PATCH: the exchange
 * keeps the registry's own settings and none of the JVM's globals. A fake registry we own records each request.
 */
@Timeout(60)
class BlockingExchangeTest {
    private static final byte[] CONTENT = new byte[300_000];

    static {
        new Random(7).nextBytes(CONTENT);
    }

    private static final Descriptor BLOB = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, CONTENT);

    private HttpServer server;
    private String host;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private java.net.Authenticator previousDefault;

    @BeforeEach
    void start() throws IOException {
        previousDefault = java.net.Authenticator.getDefault();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/v2/locked/")) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                ex.sendResponseHeaders(401, -1);
            } else if (path.endsWith("/blobs/" + BLOB.digest())) {
                ex.sendResponseHeaders(200, CONTENT.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(CONTENT);
                }
            } else if (path.endsWith("/blobs/uploads/") && ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().add("Location", "/upload/1?state=x");
                ex.sendResponseHeaders(202, -1);
            } else if (path.startsWith("/upload/") && ex.getRequestMethod().equals("PUT")) {
                boolean intact = java.util.Arrays.equals(body, CONTENT);
                if (intact) {
                    ex.getResponseHeaders()
                            .add("Docker-Content-Digest", BLOB.digest().toString());
                }
                ex.sendResponseHeaders(intact ? 201 : 400, -1);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        java.net.Authenticator.setDefault(previousDefault);
        server.stop(0);
    }

    private RegistryClient client(HttpProxy proxy, String registryHost) {
        return new RegistryClient(
                RegistrySettings.defaults(registryHost).withPlainHttp(true).withRetries(1, java.time.Duration.ZERO),
                RateLimitListener.NONE,
                proxy);
    }

    @Test
    void aBlobStreamsBothWaysWithItsBytesIntact() throws IOException {
        RegistryClient client = client(null, host);
        try (InputStream in = client.getBlob("team/app", BLOB)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        client.putBlob("team/app", BLOB, new ByteArrayInputStream(CONTENT));
        assertThat(requests)
                .containsExactly(
                        "GET /v2/team/app/blobs/" + BLOB.digest(),
                        "POST /v2/team/app/blobs/uploads/",
                        "PUT /upload/1?state=x&digest="
                                + BLOB.digest().toString().replace(":", "%3A"));
    }

    /**
     * A blocking socket does not see interrupts: an aborted build's copy stops before its next request instead
     * (the transport checks the interrupt before each attempt), and the thread stays interrupted.
     */
    @Test
    void anInterruptedThreadSendsNoFurtherRequest() {
        RegistryClient client = client(null, host);
        Thread.currentThread().interrupt();
        try {
            java.io.InterruptedIOException e = catchThrowableOfType(
                    () -> client.hasBlob("team/app", BLOB.digest()), java.io.InterruptedIOException.class);
            assertThat(e)
                    .hasMessage("interrupted while checking blob "
                            + BLOB.digest().shortForm() + " in " + host + "/team/app");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(requests).isEmpty();
    }

    /** A name that resolves nowhere: only the registry's own proxy (this fake) can answer. */
    @Test
    void blobsGoThroughTheRegistrysProxy() throws IOException {
        RegistryClient client =
                client(new HttpProxy("127.0.0.1", server.getAddress().getPort()), "registry.invalid:5000");
        try (InputStream in = client.getBlob("team/app", BLOB)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        client.putBlob("team/app", BLOB, new ByteArrayInputStream(CONTENT));
        assertThat(requests)
                .containsExactly(
                        "GET http://registry.invalid:5000/v2/team/app/blobs/" + BLOB.digest(),
                        "POST http://registry.invalid:5000/v2/team/app/blobs/uploads/",
                        "PUT http://registry.invalid:5000/upload/1?state=x&digest="
                                + BLOB.digest().toString().replace(":", "%3A"));
    }

    /**
     * On a Jenkins agent, any plugin may have set the JVM's default Authenticator: HttpURLConnection would answer a
     * 401 with its credentials. Ours never asks it; the 401 reaches the transport, which explains it.
     */
    @Test
    void theJvmsDefaultAuthenticatorIsNeverAsked() {
        AtomicInteger asked = new AtomicInteger();
        java.net.Authenticator.setDefault(new java.net.Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.incrementAndGet();
                return new PasswordAuthentication("someone-else", "secret".toCharArray());
            }
        });
        RegistryException e =
                catchThrowableOfType(() -> client(null, host).getBlob("locked/app", BLOB), RegistryException.class);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage())
                .startsWith("pulling blob " + BLOB.digest().shortForm() + " from " + host + "/locked/app: ");
        assertThat(asked).hasValue(0);
        assertThat(authorizations).allMatch("null"::equals);
    }
}
