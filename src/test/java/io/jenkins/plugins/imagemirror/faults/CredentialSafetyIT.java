package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistryException;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TLS verification is on unless a CA is given, and credentials travel over plain HTTP only to a registry that was
 * explicitly allowed plain HTTP: never by fallback, never to another host's token service or a redirect target.
 */
class CredentialSafetyIT {
    private static final RegistryCredentials SECRET = new RegistryCredentials("alice", "plain-http-canary-42");

    /**
     * One attempt, and time-outs far beyond any loaded machine's pace: no test here is about timing (with 3 s, a busy
     * machine once failed the plain-HTTP test with "connecting to … timed out" instead of "does not speak TLS"). Every
     * peer answers at once, so the outcome never waits for a time-out.
     */
    private static RegistrySettings quick(String host) {
        return RegistrySettings.defaults(host)
                .withRetries(1, Duration.ZERO)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    @Test
    void tlsVerificationIsOnByDefault() {
        RegistryClient client = new RegistryClient(
                quick(BED.tls()).withCredentials(new RegistryCredentials(BED.tlsUser(), BED.tlsPass())));

        assertThatThrownBy(client::ping)
                .isInstanceOf(RegistryException.class)
                .hasMessage(
                        "connecting to " + BED.tls() + ": TLS certificate of " + BED.tls()
                                + " is not trusted: pass --ca-cert " + BED.tls()
                                + "=ca.pem (CLI), or set the registry's CA certificate (Jenkins: Manage Jenkins > System > Image Mirror)");
    }

    @Test
    void withTheBedsCaTheSameRegistryIsTrusted() throws Exception {
        new RegistryClient(quick(BED.tls())
                        .withCaCertificatePem(FaultBed.caPem())
                        .withCredentials(new RegistryCredentials(BED.tlsUser(), BED.tlsPass())))
                .ping();
    }

    @Test
    void aPlainHttpRegistryIsNeverReachedOverPlainHttpUnlessAllowed() throws Exception {
        try (CaptureServer server =
                new CaptureServer(e -> CaptureServer.respond(e, 401, "WWW-Authenticate", "Basic realm=\"capture\""))) {
            RegistryClient client = new RegistryClient(quick(server.address()).withCredentials(SECRET));

            assertThatThrownBy(client::ping)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining(server.address() + " does not speak TLS")
                    .hasMessageContaining("--plain-http " + server.address());
            assertThat(server.requests)
                    .as("no HTTP request reached it, so no credentials")
                    .isEmpty();
        }
    }

    @Test
    void anExplicitlyAllowedPlainHttpRegistryGetsItsOwnCredentials() throws Exception {
        try (CaptureServer server =
                new CaptureServer(e -> CaptureServer.respond(e, 401, "WWW-Authenticate", "Basic realm=\"capture\""))) {
            RegistryClient client = new RegistryClient(
                    quick(server.address()).withPlainHttp(true).withCredentials(SECRET));

            assertThatThrownBy(client::ping)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("401")
                    .hasMessageNotContaining(SECRET.password());
            assertThat(server.withAuthorization())
                    .as("the opt-in works: the counter counts")
                    .isEqualTo(1);
        }
    }

    @Test
    void credentialsNeverGoToAPlainHttpTokenServiceOnAnotherHost() throws Exception {
        try (CaptureServer tokens = new CaptureServer(e -> CaptureServer.respond(e, 200, null, null));
                CaptureServer registry = new CaptureServer(e -> CaptureServer.respond(
                        e,
                        401,
                        "WWW-Authenticate",
                        "Bearer realm=\"http://" + tokens.address() + "/token\",service=\"capture\""))) {
            RegistryClient client = new RegistryClient(
                    quick(registry.address()).withPlainHttp(true).withCredentials(SECRET));

            assertThatThrownBy(client::ping)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("refusing to send the credentials for " + registry.address()
                            + " to its token service 127.0.0.1 over plain HTTP");
            assertThat(tokens.requests).isEmpty();
            assertThat(registry.withAuthorization()).isZero();
        }
    }

    @Test
    void credentialsAreNotForwardedOnARedirectToAnotherOrigin() throws Exception {
        Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256("x"), 1);
        try (CaptureServer storage = new CaptureServer(e -> CaptureServer.respond(e, 404, null, null));
                CaptureServer registry = new CaptureServer(e -> {
                    if (e.getRequestHeaders().getFirst("Authorization") == null) {
                        CaptureServer.respond(e, 401, "WWW-Authenticate", "Basic realm=\"capture\"");
                    } else {
                        CaptureServer.respond(e, 307, "Location", "http://" + storage.address() + "/blob-storage/x");
                    }
                })) {
            RegistryClient client = new RegistryClient(
                    quick(registry.address()).withPlainHttp(true).withCredentials(SECRET));

            assertThatThrownBy(() -> {
                        try (InputStream in = client.getBlob("team/app", blob)) {
                            in.readAllBytes();
                        }
                    })
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("404");
            assertThat(registry.withAuthorization()).isEqualTo(1);
            assertThat(storage.requests).hasSize(1);
            assertThat(storage.withAuthorization())
                    .as("Authorization sent to blob storage")
                    .isZero();
        }
    }

    @Test
    void oneHostsCredentialsAreNeverSentToAnother() throws Exception {
        try (CaptureServer other =
                new CaptureServer(e -> CaptureServer.respond(e, 401, "WWW-Authenticate", "Basic realm=\"capture\""))) {
            Registries registries = Registries.defaults()
                    .withDefault(quick("default").withPlainHttp(true))
                    .with(quick("registry.corp:5000").withCredentials(SECRET));

            assertThatThrownBy(() -> registries.client(other.address()).ping())
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("requires credentials and none are configured");
            assertThat(other.requests).isNotEmpty();
            assertThat(other.withAuthorization()).isZero();
        }
    }
}
