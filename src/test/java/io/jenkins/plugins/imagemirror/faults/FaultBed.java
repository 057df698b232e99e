package io.jenkins.plugins.imagemirror.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.copy.CopyListener;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.RegistryDestination;
import io.jenkins.plugins.imagemirror.core.transport.RegistrySource;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The bed's registries as the fault tests use them, seeded images, and checks of what a registry really holds. */
final class FaultBed {
    static final Testbed BED = Testbed.get();

    private FaultBed() {}

    static String repo(String what) {
        return "faults/" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Plain HTTP, anonymous, quick retries: for the bed's plain registry, its nginx proxies and our own ones. */
    static RegistrySettings plain(String host) {
        return RegistrySettings.defaults(host).withPlainHttp(true).withRetries(3, Duration.ofSeconds(5));
    }

    static RegistrySettings tls() {
        return RegistrySettings.defaults(BED.tls())
                .withCaCertificatePem(caPem())
                .withCredentials(new RegistryCredentials(BED.tlsUser(), BED.tlsPass()));
    }

    static String caPem() {
        try {
            return Files.readString(BED.caCert());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh client (own connections, own token cache). */
    static RegistryClient client(RegistrySettings settings) {
        return new RegistryClient(settings);
    }

    /** Pushes a random image of the given layer sizes to {@code host/repository:tag}. */
    static SampleImage seed(RegistryClient client, String repository, String tag, long seed, int... layerSizes)
            throws IOException {
        SampleImage image = new SampleImage(seed, layerSizes);
        image.push(client, repository, tag);
        return image;
    }

    static ImageReference ref(String host, String repository, String tag) {
        return ImageReference.parse(host + "/" + repository + ":" + tag);
    }

    /** One copy with the copier; destinations closed afterwards. */
    static CopyResult copy(
            CopyOptions options,
            CopyListener listener,
            RegistrySource source,
            List<? extends ImageDestination> destinations)
            throws IOException {
        try {
            return new ImageCopier(options, listener).copy(source, destinations);
        } finally {
            for (ImageDestination d : destinations) {
                d.close();
            }
        }
    }

    static RegistryDestination destination(RegistryClient client, String repository, String tag) {
        return new RegistryDestination(client, ref(client.host(), repository, tag), List.of());
    }

    static RegistrySource source(RegistryClient client, String repository, String tag) {
        return new RegistrySource(client, ref(client.host(), repository, tag));
    }

    /**
     * Asserts the registry holds exactly {@code expected} under the tag: HEAD and GET agree on the digest, and every
     * blob the manifest names can be read whole with the right size and digest (no tag points at a partial image).
     */
    static void assertComplete(RegistryClient client, String repository, String tag, Digest expected)
            throws IOException {
        Optional<Descriptor> head = client.headManifest(repository, tag);
        assertThat(head).as("HEAD %s:%s", repository, tag).isPresent();
        assertThat(head.get().digest()).isEqualTo(expected);
        ManifestContent content = client.getManifest(repository, tag);
        assertThat(content.digest()).isEqualTo(expected);
        Manifest manifest = (Manifest) content;
        List<Descriptor> blobs = new ArrayList<>(manifest.layers());
        blobs.add(manifest.config());
        for (Descriptor blob : blobs) {
            MessageDigest hasher = blob.digest().newHasher();
            long size = 0;
            try (InputStream in = client.getBlob(repository, blob)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    hasher.update(buffer, 0, n);
                    size += n;
                }
            }
            assertThat(size).as("size of %s", blob.digest()).isEqualTo(blob.size());
            assertThat(Digest.of(hasher)).isEqualTo(blob.digest());
        }
    }

    /** Asserts no name points at an image: neither the tag nor the digest resolves. */
    static void assertAbsent(RegistryClient client, String repository, String tag, Digest digest) throws IOException {
        assertThat(client.headManifest(repository, tag))
                .as("tag %s:%s", repository, tag)
                .isEmpty();
        assertThat(client.headManifest(repository, digest.toString()))
                .as("manifest %s", digest)
                .isEmpty();
    }

    /** A listener that records info lines (retries) for assertions. */
    static final class Recorder implements CopyListener {
        final List<String> infos = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void info(String message) {
            infos.add(message);
        }
    }
}
