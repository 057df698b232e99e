package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Bearer-token flow against a small fake registry + token service we own, for what the real test bed cannot
 * show quickly: a token expiring mid-copy (the fake revokes every token on demand), the token cache, the scopes
 * asked for a mount, and refusing to send credentials to a plain-HTTP token service on another host.
 */
class BearerTokenFlowTest {
    private static final String PASSWORD = "fake-token-password";
    private HttpServer server;
    private String host;
    private String realmHost;
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<List<String>> scopesAsked = new CopyOnWriteArrayList<>();
    private volatile boolean rejectEveryToken;
    private volatile boolean repeatedNames;
    private final AtomicInteger tokenServiceFailures = new AtomicInteger();
    private final List<String> manifestPuts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        realmHost = host;
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange ex) throws IOException {
        if (tokenServiceFailures.getAndDecrement() > 0) {
            ex.getResponseHeaders().add("Retry-After", "0");
            send(ex, 503, "<html>busy</html>");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected =
                "Basic " + Base64.getEncoder().encodeToString(("hub:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (auth != null && !auth.equals(expected)) {
            send(ex, 401, "{\"details\":\"incorrect username or password\"}");
            return;
        }
        List<String> scopes = new ArrayList<>();
        String query = ex.getRequestURI().getRawQuery();
        for (String p : query == null ? new String[0] : query.split("&")) {
            if (p.startsWith("scope=")) {
                scopes.add(URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8));
            }
        }
        scopesAsked.add(scopes);
        String token = "tok-" + issued.incrementAndGet();
        valid.add(token);
        String answer = "\"access_token\":\"" + token + "\",\"expires_in\":300";
        send(ex, 200, repeatedNames ? "{\"access_token\":\"stale\"," + answer + "}" : "{" + answer + "}");
    }

    private void registry(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (ex.getRequestMethod().equals("PUT")) {
            manifestPuts.add(String.valueOf(auth).replaceAll("tok-\\d+", "tok") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        if (rejectEveryToken || auth == null || !auth.startsWith("Bearer ") || !valid.contains(auth.substring(7))) {
            ex.getResponseHeaders()
                    .add(
                            "WWW-Authenticate",
                            "Bearer realm=\"http://" + realmHost
                                    + "/token\",service=\"fake\",scope=\"repository:team/app:pull\"");
            send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        } else if (ex.getRequestMethod().equals("POST")) {
            send(ex, 201, "");
        } else {
            send(ex, ex.getRequestURI().getPath().contains("/blobs/") ? 404 : 200, "");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean none = bytes.length == 0 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, none ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!none) {
                out.write(bytes);
            }
        }
    }

    private RegistryClient client(String password) {
        RegistrySettings s = RegistrySettings.defaults(host).withPlainHttp(true);
        return new RegistryClient(password == null ? s : s.withCredentials(new RegistryCredentials("hub", password)));
    }

    @Test
    void tokensAreCachedPerScopeAndRenewedOnceWhenTheyExpireMidCopy() throws Exception {
        RegistryClient client = client(PASSWORD);
        Digest d = Digest.sha256("x");
        assertThat(client.hasBlob("team/app", d)).isFalse();
        assertThat(client.hasBlob("team/app", d)).isFalse();
        assertThat(issued).hasValue(1); // the second request reused the token
        valid.clear(); // every token issued so far expires
        assertThat(client.hasBlob("team/app", d)).isFalse();
        assertThat(issued).hasValue(2);
        assertThat(scopesAsked).containsOnly(List.of("repository:team/app:pull"));
    }

    @Test
    void aTokenAnswerThatRepeatsANameIsReadAsDockerReadsIt() throws Exception {
        repeatedNames = true; // {"access_token":"stale","access_token":"tok-1",...}: Go's encoding/json takes the last
        assertThat(client(PASSWORD).hasBlob("team/app", Digest.sha256("x"))).isFalse();
        assertThat(issued).hasValue(1);
    }

    @Test
    void aBusyTokenServiceIsRetriedWithinTheCap() throws Exception {
        tokenServiceFailures.set(2);
        client(PASSWORD).ping();
        assertThat(issued).hasValue(1);
        tokenServiceFailures.set(10);
        RegistryClient impatient = new RegistryClient(RegistrySettings.defaults(host)
                .withPlainHttp(true)
                .withCredentials(new RegistryCredentials("hub", PASSWORD))
                .withRetries(3, java.time.Duration.ofSeconds(5)));
        RegistryException e = catchThrowableOfType(impatient::ping, RegistryException.class);
        assertThat(e)
                .hasMessage("connecting to " + host + ": the token service of " + host + " answered HTTP 503"
                        + " Service Unavailable (busy); gave up after 3 attempts / 0.0 s (max attempts 3); the registry is"
                        + " failing or overloaded: try again later or raise maxRetryWait");
    }

    /**
     * A manifest is the one body the client sends again: its first PUT, before the registry's challenge is known,
     * meets a 401 whose challenge must reach the transport through HttpURLConnection (whose own 401 handling gives
     * up on a streamed body), which then authenticates and sends the same bytes again.
     */
    @Test
    void aManifestPutRefusedWithAChallengeIsAuthenticatedAndSentAgainWithItsBytes() throws Exception {
        SampleImage image = new SampleImage(3, 10);
        String bytes = new String(image.manifest.bytes(), StandardCharsets.UTF_8);
        assertThat(client(PASSWORD).putManifest("team/app", "1.0", image.manifest))
                .isEqualTo(image.manifest.digest());
        assertThat(manifestPuts).containsExactly("null " + bytes, "Bearer tok " + bytes);
        assertThat(scopesAsked).containsExactly(List.of("repository:team/app:pull", "repository:team/app:pull,push"));
    }

    @Test
    void mountAsksForPushOnTheTargetAndPullOnTheSource() throws Exception {
        RegistryClient client = client(PASSWORD);
        assertThat(client.mountBlob("team/other", Digest.sha256("layer"), "team/app"))
                .isTrue();
        assertThat(scopesAsked.get(scopesAsked.size() - 1))
                .containsExactlyInAnyOrder("repository:team/app:pull", "repository:team/other:pull,push");
    }

    @Test
    void aTokenRefusedTwiceIsReportedNotRetriedForever() {
        rejectEveryToken = true;
        RegistryException e = catchThrowableOfType(() -> client(PASSWORD).ping(), RegistryException.class);
        assertThat(e)
                .hasMessage("connecting to " + host + ": HTTP 401 Unauthorized: credentials rejected for " + host
                        + " (check the username/password or token)");
        assertThat(issued).hasValue(1);
    }

    @Test
    void wrongPasswordAtTheTokenServiceAndAnonymousTokens() throws Exception {
        RegistryException e =
                catchThrowableOfType(() -> client("wrong-" + PASSWORD).ping(), RegistryException.class);
        assertThat(e)
                .hasMessage("connecting to " + host + ": HTTP 401 Unauthorized: credentials rejected for " + host
                        + " by its token service (check the username/password or token)");
        assertThat(e.toString()).doesNotContain(PASSWORD);
        client(null).ping(); // anonymous token
        assertThat(issued).hasValue(1);
    }

    @Test
    void credentialsNeverGoToAPlainHttpTokenServiceOnAnotherHost() {
        realmHost = "localhost:" + server.getAddress().getPort();
        RegistryException e = catchThrowableOfType(() -> client(PASSWORD).ping(), RegistryException.class);
        assertThat(e)
                .hasMessage("connecting to " + host + ": refusing to send the credentials for " + host
                        + " to its token service localhost over plain HTTP (only a registry explicitly allowed plain HTTP"
                        + " may use a plain-HTTP token service on its own host)");
        assertThat(issued).hasValue(0);
    }
}
