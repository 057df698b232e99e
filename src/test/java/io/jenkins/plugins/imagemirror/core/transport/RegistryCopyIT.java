package io.jenkins.plugins.imagemirror.core.transport;

import static io.jenkins.plugins.imagemirror.core.registry.TestbedEnv.assertNoSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.DockerConfigFile;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import io.jenkins.plugins.imagemirror.core.registry.TestbedEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RegistrySource and RegistryDestination against the test bed's registries, alone and under ImageCopier. */
class RegistryCopyIT {
    private static final String PLAIN = TestbedEnv.get("PLAIN");
    private static final String TLS = TestbedEnv.get("TLS");
    private static final String TOKEN = TestbedEnv.get("TOKEN");
    private final String run = Long.toString(System.nanoTime(), 36);

    private static Registries registries(Path dir) throws IOException {
        String auths = "{\"auths\":{\"" + TLS + "\":{\"auth\":\""
                + b64(TestbedEnv.get("TLS_USER") + ":" + TestbedEnv.get("TLS_PASS")) + "\"},\"https://" + TOKEN
                + "/v1/\":{\"username\":\""
                + TestbedEnv.get("TOKEN_USER") + "\",\"password\":\"" + TestbedEnv.get("TOKEN_PASS") + "\"}}}";
        Path config = Files.writeString(dir.resolve("config.json"), auths);
        return Registries.defaults()
                .withDefault(RegistrySettings.defaults("x").withCaCertificatePem(TestbedEnv.caPem()))
                .with(RegistrySettings.defaults(PLAIN).withPlainHttp(true))
                .withCredentials(DockerConfigFile.read(config));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sinkStreamsMoreThanItsPipeCommitsAndCounts() throws Exception {
        RegistryClient client =
                new RegistryClient(RegistrySettings.defaults(PLAIN).withPlainHttp(true));
        byte[] bytes = new byte[5 * RegistryDestination.PIPE_BYTES + 123];
        new Random(40).nextBytes(bytes);
        Descriptor blob = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, bytes);
        try (RegistryDestination d =
                new RegistryDestination(client, ImageReference.parse(PLAIN + "/it/" + run + "/sink:1"), List.of())) {
            try (BlobSink sink = d.openBlob(blob)) {
                for (int off = 0; off < bytes.length; off += 64 * 1024) {
                    sink.write(bytes, off, Math.min(64 * 1024, bytes.length - off));
                }
                sink.commit();
                assertThat(sink.bytesUploaded()).isEqualTo(bytes.length);
            }
            assertThat(d.hasBlob(blob)).isTrue();
        }
    }

    @Test
    void abortedSinkLeavesNoBlob() throws Exception {
        RegistryClient client =
                new RegistryClient(RegistrySettings.defaults(PLAIN).withPlainHttp(true));
        byte[] bytes = new byte[3 * RegistryDestination.PIPE_BYTES];
        new Random(41).nextBytes(bytes);
        Descriptor blob = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, bytes);
        try (RegistryDestination d =
                new RegistryDestination(client, ImageReference.parse(PLAIN + "/it/" + run + "/aborted:1"), List.of())) {
            BlobSink sink = d.openBlob(blob);
            sink.write(bytes, 0, bytes.length / 2);
            sink.abort();
            sink.close();
            assertThat(d.hasBlob(blob)).isFalse();
        }
    }

    @Test
    void failedUploadFailsTheWriterWithTheRegistrysReason() throws Exception {
        String wrong = TestbedEnv.get("TLS_PASS") + "-wrong";
        RegistryClient client = new RegistryClient(RegistrySettings.defaults(TLS)
                .withCaCertificatePem(TestbedEnv.caPem())
                .withCredentials(new RegistryCredentials(TestbedEnv.get("TLS_USER"), wrong)));
        byte[] bytes = new byte[4 * RegistryDestination.PIPE_BYTES];
        Descriptor blob = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, bytes);
        try (RegistryDestination d = new RegistryDestination(
                        client, ImageReference.parse(TLS + "/it/" + run + "/denied:1"), List.of());
                BlobSink sink = d.openBlob(blob)) {
            IOException e = catchThrowableOfType(
                    () -> {
                        sink.write(bytes, 0, bytes.length);
                        sink.commit();
                    },
                    IOException.class);
            assertThat(e)
                    .hasMessage("pushing blob " + blob.digest().shortForm() + " to " + TLS + "/it/" + run
                            + "/denied: HTTP 401 Unauthorized: credentials rejected for " + TLS
                            + " (check the username/password or token)");
            assertThat(e.toString()).doesNotContain(wrong);
            assertNoSecret(e);
        }
    }

    @Test
    void fanOutOfATwoPlatformIndexKeepsTheDigestThenFindsItPresent(@TempDir Path dir) throws Exception {
        Registries registries = registries(dir);
        RegistryClient plain = registries.client(PLAIN);
        SampleImage amd64 = new SampleImage(50, 1_500_000, 3000);
        SampleImage arm64 = new SampleImage(51, 1_200_000);
        String repo = "it/" + run + "/multi";
        amd64.push(plain, repo, amd64.manifest.digest().toString());
        arm64.push(plain, repo, arm64.manifest.digest().toString());
        ImageIndex index = ImageIndex.create(
                MediaType.OCI_INDEX,
                List.of(
                        amd64.manifest.descriptor().withPlatform(Platform.of("linux", "amd64")),
                        arm64.manifest.descriptor().withPlatform(Platform.parse("linux/arm64/v8"))),
                Map.of());
        plain.putManifest(repo, "1.0", index);

        ImageReference source = ImageReference.parse(PLAIN + "/" + repo + ":1.0");
        List<RegistryDestination> destinations = List.of(
                new RegistryDestination(registries, ImageReference.parse(TLS + "/" + repo + ":1.0"), List.of("latest")),
                new RegistryDestination(registries, ImageReference.parse(TOKEN + "/" + repo + ":1.0"), List.of()),
                new RegistryDestination(registries, ImageReference.parse(PLAIN + "/" + repo + "-copy:2.0"), List.of()));
        CopyResult first;
        try (RegistrySource s = new RegistrySource(registries, source)) {
            first = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE).copy(s, destinations);
        }
        long blobBytes = amd64.blobs.keySet().stream()
                        .mapToLong(Descriptor::size)
                        .sum()
                + arm64.blobs.keySet().stream().mapToLong(Descriptor::size).sum();
        assertThat(first.destinations()).allSatisfy(r -> {
            assertThat(r.error()).isNull();
            assertThat(r.status()).isEqualTo(DestinationResult.Status.PUSHED);
            assertThat(r.digest()).isEqualTo(index.digest());
        });
        assertThat(first.destinations().get(0).bytesUploaded()).isEqualTo(blobBytes);
        assertThat(first.destinations().get(1).bytesUploaded()).isEqualTo(blobBytes);
        assertThat(first.destinations().get(2).bytesUploaded()).isZero(); // same registry: every blob mounted
        assertThat(first.destinations().get(2).blobsMounted()).isEqualTo(5);
        assertThat(first.destinations().get(0).reference()).isEqualTo(TLS + "/" + repo + ":1.0@" + index.digest());
        for (String tag : List.of("1.0", "latest")) {
            assertThat(registries.client(TLS).headManifest(repo, tag)).contains(index.descriptor());
        }
        assertThat(registries.client(TOKEN).getManifest(repo, "1.0").bytes()).isEqualTo(index.bytes());
        assertThat(registries.client(PLAIN).headManifest(repo + "-copy", "2.0")).contains(index.descriptor());

        CopyResult second;
        try (RegistrySource s = new RegistrySource(registries, source)) {
            second = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE).copy(s, destinations);
        }
        assertThat(second.destinations()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DestinationResult.Status.PRESENT);
            assertThat(r.bytesUploaded()).isZero();
        });
        destinations.forEach(RegistryDestination::close);
    }

    @Test
    void aDestinationWithAWrongPasswordFailsAloneAndSaysWhy() throws Exception {
        RegistryClient plain =
                new RegistryClient(RegistrySettings.defaults(PLAIN).withPlainHttp(true));
        SampleImage image = new SampleImage(60, 100_000);
        String repo = "it/" + run + "/partial";
        image.push(plain, repo, "1.0");
        String wrong = "x" + TestbedEnv.get("TLS_PASS");
        RegistryClient denied = new RegistryClient(RegistrySettings.defaults(TLS)
                .withCaCertificatePem(TestbedEnv.caPem())
                .withCredentials(new RegistryCredentials(TestbedEnv.get("TLS_USER"), wrong)));
        List<RegistryDestination> destinations = List.of(
                new RegistryDestination(denied, ImageReference.parse(TLS + "/" + repo + ":1.0"), List.of()),
                new RegistryDestination(plain, ImageReference.parse(PLAIN + "/" + repo + "-ok:1.0"), List.of()));
        CopyResult result;
        try (RegistrySource s = new RegistrySource(plain, ImageReference.parse(PLAIN + "/" + repo + ":1.0"))) {
            result = new ImageCopier(CopyOptions.defaults(), CopyListener.NONE).copy(s, destinations);
        }
        DestinationResult failed = result.destinations().get(0);
        assertThat(failed.status()).isEqualTo(DestinationResult.Status.FAILED);
        assertThat(failed.error())
                .contains("HTTP 401 Unauthorized: credentials rejected for " + TLS
                        + " (check the username/password or token)")
                .doesNotContain(wrong)
                .doesNotContain(TestbedEnv.get("TLS_PASS"));
        assertThat(result.destinations().get(1).status()).isEqualTo(DestinationResult.Status.PUSHED);
        assertThat(result.destinations().get(1).digest()).isEqualTo(image.manifest.digest());
        destinations.forEach(RegistryDestination::close);
    }

    @Test
    void missingSourceIsNamed() throws Exception {
        ImageReference ref = ImageReference.parse(PLAIN + "/it/" + run + "/nothing:1.0");
        try (RegistrySource s = new RegistrySource(
                new RegistryClient(RegistrySettings.defaults(PLAIN).withPlainHttp(true)), ref)) {
            IOException e = catchThrowableOfType(s::resolve, IOException.class);
            assertThat(e).hasMessage("resolving " + ref + ": no such image (check the repository name, tag or digest)");
        }
    }
}
