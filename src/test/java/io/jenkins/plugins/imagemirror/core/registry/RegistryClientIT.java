package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The client against the test bed's plain-HTTP distribution registry: the protocol itself, without auth. */
class RegistryClientIT {
    private static final String PLAIN = TestbedEnv.get("PLAIN");
    private final String run = Long.toString(System.nanoTime(), 36);
    private final RegistryClient client =
            new RegistryClient(RegistrySettings.defaults(PLAIN).withPlainHttp(true));

    @Test
    void manifestAndBlobRoundTripKeepExactDigests() throws Exception {
        client.ping();
        SampleImage image = new SampleImage(1, 3 * 1024 * 1024 + 17, 1);
        String repo = "it/" + run + "/app";
        assertThat(client.hasBlob(repo, image.layer(0).digest())).isFalse();
        image.push(client, repo, "1.0");

        Descriptor head = client.headManifest(repo, "1.0").orElseThrow();
        assertThat(head).isEqualTo(image.manifest.descriptor());
        assertThat(client.headManifest(repo, image.manifest.digest().toString()))
                .contains(head);
        ManifestContent pulled = client.getManifest(repo, "1.0");
        assertThat(pulled.bytes()).isEqualTo(image.manifest.bytes());
        assertThat(pulled.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(client.getManifest(repo, image.manifest.digest().toString()).digest())
                .isEqualTo(image.manifest.digest());

        for (Descriptor blob : image.blobs.keySet()) {
            assertThat(client.hasBlob(repo, blob.digest())).isTrue();
            try (InputStream in = client.getBlob(repo, blob)) {
                byte[] bytes = in.readAllBytes();
                assertThat(bytes).hasSize((int) blob.size());
                assertThat(Digest.sha256(bytes)).isEqualTo(blob.digest());
            }
        }
        assertThat(client.headManifest(repo, "missing")).isEmpty();
        assertThat(client.headManifest("it/" + run + "/none", "1.0")).isEmpty();
    }

    @Test
    void pushingByDigestAndUnderAnotherTagKeepsTheDigest() throws Exception {
        SampleImage image = new SampleImage(2, 1000);
        String repo = "it/" + run + "/bydigest";
        image.push(client, repo, image.manifest.digest().toString());
        assertThat(client.putManifest(repo, "second", image.manifest)).isEqualTo(image.manifest.digest());
        assertThat(client.headManifest(repo, "second").orElseThrow().digest()).isEqualTo(image.manifest.digest());
    }

    @Test
    void chunkedUploadForRegistriesThatCapRequestBodies() throws Exception {
        RegistryClient chunked = new RegistryClient(
                RegistrySettings.defaults(PLAIN).withPlainHttp(true).withUploadChunkSize(1024 * 1024));
        byte[] bytes = new byte[2 * 1024 * 1024 + 512 * 1024 + 3];
        new Random(3).nextBytes(bytes);
        Descriptor blob = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, bytes);
        String repo = "it/" + run + "/chunked";
        chunked.putBlob(repo, blob, new ByteArrayInputStream(bytes));
        try (InputStream in = client.getBlob(repo, blob)) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(blob.digest());
        }
        Descriptor empty = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, new byte[0]);
        chunked.putBlob(repo, empty, new ByteArrayInputStream(new byte[0]));
        assertThat(client.hasBlob(repo, empty.digest())).isTrue();
    }

    @Test
    void crossRepositoryMountOrAClearDecline() throws Exception {
        SampleImage image = new SampleImage(4, 4096);
        String from = "it/" + run + "/mount-from";
        String to = "it/" + run + "/mount-to";
        image.push(client, from, "1");
        assertThat(client.mountBlob(to, image.layer(0).digest(), from)).isTrue();
        assertThat(client.hasBlob(to, image.layer(0).digest())).isTrue();
        Digest unknown = Digest.sha256("not in any repository " + run);
        assertThat(client.mountBlob(to, unknown, from)).isFalse();
        assertThat(client.hasBlob(to, unknown)).isFalse();
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRejected() {
        byte[] bytes = "the real bytes".getBytes();
        Descriptor lying = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256("other bytes"), bytes.length);
        String repo = "it/" + run + "/mismatch";
        assertThatThrownBy(() -> client.putBlob(repo, lying, new ByteArrayInputStream(bytes)))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("pushing blob " + lying.digest().shortForm() + " to " + PLAIN + "/" + repo
                        + ": HTTP 400 Bad Request (DIGEST_INVALID: provided digest did not match uploaded content");
    }

    @Test
    void missingManifestSaysWhatAndWhere() {
        String repo = "it/" + run + "/absent";
        assertThatThrownBy(() -> client.getManifest(repo, "9.99"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("pulling manifest of " + PLAIN + "/" + repo + ":9.99: HTTP 404 Not Found"
                        + " (MANIFEST_UNKNOWN: manifest unknown): not found (check the repository"
                        + " name, tag or digest)")
                .satisfies(e -> {
                    RegistryException r = (RegistryException) e;
                    assertThat(r.status()).isEqualTo(404);
                    assertThat(r.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
                    assertThat(r.isNotFound()).isTrue();
                });
    }

    @Test
    void tlsToAPlainRegistryIsRefusedWithAHint() {
        RegistryClient tls = new RegistryClient(RegistrySettings.defaults(PLAIN));
        assertThatThrownBy(tls::ping)
                .isInstanceOf(RegistryException.class)
                .hasMessage("connecting to " + PLAIN + ": " + PLAIN + " does not speak TLS: if it is a plain-HTTP"
                        + " registry, allow it explicitly (CLI: --plain-http " + PLAIN + "; Jenkins: the registry's"
                        + " plain-HTTP option)");
    }

    @Test
    void connectionRefusedIsRetriedWithinTheCapThenExplained() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        RegistryClient dead = new RegistryClient(
                RegistrySettings.defaults(host).withPlainHttp(true).withRetries(3, java.time.Duration.ofSeconds(5)));
        // a closed port refuses at once on any machine; the message counts the attempts (no elapsed-time bound)
        assertThatThrownBy(dead::ping)
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("connecting to " + host + ": cannot connect to " + host
                        + " (connection refused: is the registry running?); gave up after 3 attempts / ")
                .hasMessageEndingWith(" s (max attempts 3)");
    }
}
