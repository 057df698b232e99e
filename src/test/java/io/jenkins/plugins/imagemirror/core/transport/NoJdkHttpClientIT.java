package io.jenkins.plugins.imagemirror.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import io.jenkins.plugins.imagemirror.core.registry.TestbedEnv;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A copy that needs no chunked upload never creates a JDK {@code java.net.http.HttpClient}: every exchange it makes
 * (manifest and blob HEAD/GET, upload POST and PUT, manifest PUT, cross-repository mount, Basic and Bearer
 * authentication, the token GET, over TLS and plain HTTP) runs on the blocking {@code HttpURLConnection} exchange.
 * Creating that client costs a fresh JVM (an agent's first step) about 280 classes, a selector thread and a fifth
 * of the call (docs/benchmarks.md, "Cold path changes"). Only a chunked upload's PATCH, which HttpURLConnection
 * refuses, builds one, on first use.
 *
 * <p>The witness is the JDK's own: every {@code HttpClient} starts a thread named {@code HttpClient-N-SelectorManager}
 * when it is built (JDK 17 to 25, {@code HttpClientImpl}); the test looks for threads of that name that were not
 * there before.
 */
class NoJdkHttpClientIT {
    private static final String PLAIN = TestbedEnv.get("PLAIN");
    private static final String TLS = TestbedEnv.get("TLS");
    private static final String TOKEN = TestbedEnv.get("TOKEN");
    private final String run = Long.toString(System.nanoTime(), 36);

    private static Set<Thread> httpClientSelectors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> createdSince(Set<Thread> before) {
        Set<Thread> now = httpClientSelectors();
        now.removeAll(before);
        return now;
    }

    private static Registries registries() {
        return Registries.defaults()
                .withDefault(RegistrySettings.defaults("x").withCaCertificatePem(TestbedEnv.caPem()))
                .with(RegistrySettings.defaults(PLAIN).withPlainHttp(true))
                .withCredentials(Map.of(
                        TLS, new RegistryCredentials(TestbedEnv.get("TLS_USER"), TestbedEnv.get("TLS_PASS")),
                        TOKEN, new RegistryCredentials(TestbedEnv.get("TOKEN_USER"), TestbedEnv.get("TOKEN_PASS"))));
    }

    @Test
    void aCopyToEmptyAndToCompleteRegistriesCreatesNoJdkHttpClient() throws Exception {
        Set<Thread> before = httpClientSelectors();
        Registries registries = registries();
        SampleImage image = new SampleImage(70, 700_000, 2000);
        String repo = "it/" + run + "/cold";
        image.push(registries.client(PLAIN), repo, "1.0");
        image.push(registries.client(TOKEN), repo + "-origin", "1.0"); // for the mount below

        List<RegistryDestination> destinations = List.of(
                new RegistryDestination(registries, ImageReference.parse(TLS + "/" + repo + ":1.0"), List.of()),
                new RegistryDestination(registries, ImageReference.parse(TOKEN + "/" + repo + ":1.0"), List.of()),
                new RegistryDestination(registries, ImageReference.parse(PLAIN + "/" + repo + "-copy:1.0"), List.of()));
        ImageReference source = ImageReference.parse(PLAIN + "/" + repo + ":1.0");
        for (DestinationResult.Status expected :
                List.of(DestinationResult.Status.PUSHED, DestinationResult.Status.PRESENT)) {
            CopyResult result;
            try (RegistrySource s = new RegistrySource(registries, source)) {
                result = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE).copy(s, destinations);
            }
            assertThat(result.destinations()).allSatisfy(r -> {
                assertThat(r.error()).isNull();
                assertThat(r.status()).isEqualTo(expected);
                assertThat(r.digest()).isEqualTo(image.manifest.digest());
            });
        }
        RegistryClient token = registries.client(TOKEN);
        assertThat(token.mountBlob(repo + "-mounted", image.layer(0).digest(), repo + "-origin"))
                .isTrue();
        token.ping();
        destinations.forEach(RegistryDestination::close);

        assertThat(createdSince(before))
                .as("JDK HttpClients created by a copy without PATCH")
                .isEmpty();
    }

    /** The one exchange that still needs java.net.http, and proof that the witness sees a client being built. */
    @Test
    void aChunkedUploadBuildsTheJdkHttpClientForItsPatches() throws Exception {
        Set<Thread> before = httpClientSelectors();
        RegistryClient chunked = new RegistryClient(
                RegistrySettings.defaults(PLAIN).withPlainHttp(true).withUploadChunkSize(100_000));
        byte[] bytes = new byte[250_000];
        new Random(71).nextBytes(bytes);
        Descriptor blob = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, bytes);
        String repo = "it/" + run + "/chunked";
        assertThat(chunked.hasBlob(repo, blob.digest())).isFalse();
        assertThat(createdSince(before)).isEmpty();
        chunked.putBlob(repo, blob, new ByteArrayInputStream(bytes));
        assertThat(chunked.hasBlob(repo, blob.digest())).isTrue();
        assertThat(createdSince(before)).hasSize(1);
    }
}
