package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Eight copies at once into one repository of the TLS+auth registry: different tags, shared base layers. */
class ConcurrentCopiesIT {
    private static final int COPIES = 8;

    @Test
    @Timeout(120)
    void eightConcurrentCopiesIntoOneRepositoryAllArriveWithTheirDigests() throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("concurrent-src");
        Random random = new Random(1201);
        byte[] base0 = bytes(random, 1024 * 1024);
        byte[] base1 = bytes(random, 512 * 1024);
        List<Manifest> images = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            byte[] own = bytes(random, 200 * 1024 + i);
            byte[] config =
                    ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                                    + "\"n\":" + i + "}")
                            .getBytes(StandardCharsets.UTF_8);
            Descriptor configD = push(plain, from, MediaType.OCI_CONFIG, config);
            List<Descriptor> layers = List.of(
                    push(plain, from, MediaType.OCI_LAYER_GZIP, base0),
                    push(plain, from, MediaType.OCI_LAYER_GZIP, base1),
                    push(plain, from, MediaType.OCI_LAYER_GZIP, own));
            Manifest manifest = Manifest.create(MediaType.OCI_MANIFEST, configD, layers, Map.of());
            plain.putManifest(from, "s" + i, manifest);
            images.add(manifest);
        }
        RegistryClient tls = FaultBed.client(FaultBed.tls());
        String to = FaultBed.repo("concurrent-dst");

        ExecutorService pool = Executors.newFixedThreadPool(COPIES);
        List<Future<CopyResult>> copies = new ArrayList<>();
        try {
            for (int i = 0; i < COPIES; i++) {
                int n = i;
                copies.add(pool.submit((Callable<CopyResult>) () -> FaultBed.copy(
                        CopyOptions.defaults(),
                        null,
                        FaultBed.source(plain, from, "s" + n),
                        List.of(FaultBed.destination(tls, to, "t" + n)))));
            }
            for (int i = 0; i < COPIES; i++) {
                DestinationResult d =
                        copies.get(i).get(90, TimeUnit.SECONDS).destinations().get(0);
                assertThat(d.status()).as(d.toString()).isEqualTo(DestinationResult.Status.PUSHED);
                assertThat(d.digest()).isEqualTo(images.get(i).digest());
            }
        } finally {
            pool.shutdownNow();
        }
        RegistryClient fresh = FaultBed.client(FaultBed.tls());
        for (int i = 0; i < COPIES; i++) {
            FaultBed.assertComplete(fresh, to, "t" + i, images.get(i).digest());
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static Descriptor push(RegistryClient client, String repository, String mediaType, byte[] content)
            throws Exception {
        Descriptor d = Descriptor.ofContent(mediaType, content);
        if (!client.hasBlob(repository, d.digest())) {
            client.putBlob(repository, d, new ByteArrayInputStream(content));
        }
        return d;
    }
}
