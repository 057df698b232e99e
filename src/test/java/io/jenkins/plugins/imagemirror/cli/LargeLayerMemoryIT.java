package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory: the built CLI jar, in a JVM with a 128 MiB heap, copies an image whose one layer is 1 GiB to a
 * registry and to an OCI archive at once. Holding the layer (or a large part of it) in memory would fail with
 * OutOfMemoryError.
 */
class LargeLayerMemoryIT {
    private static final long LAYER_BYTES = 1L << 30;

    @TempDir
    Path tmp;

    @Test
    void copiesAOneGibLayerWithA128MibHeap() throws Exception {
        Testbed bed = Testbed.get();
        Path layout = tmp.resolve("big");
        Manifest manifest = writeImage(layout);
        String target = bed.plain() + "/it/big:" + Long.toHexString(System.nanoTime());
        Path archive = tmp.resolve("big.tar");
        Path jar = Path.of(System.getProperty("project.build.directory", "target"), "image-mirror-cli.jar");

        Process process = new ProcessBuilder(
                        "java",
                        "-Xmx128m",
                        "-XX:MaxDirectMemorySize=64m",
                        "-jar",
                        jar.toString(),
                        "copy",
                        "-q",
                        "oci:" + layout + ":v1",
                        "docker://" + target,
                        "oci-archive:" + archive,
                        "--plain-http",
                        bed.plain())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("OutOfMemoryError");
        try (Runtimes runtimes = new Runtimes(bed)) {
            assertThat(Digest.sha256(runtimes.skopeoInspectRaw(target))).isEqualTo(manifest.digest());
        }
        assertThat(Files.size(archive)).isGreaterThan(LAYER_BYTES);
    }

    /** A layout with one 1 GiB incompressible "layer" (its content is never unpacked, only moved). */
    private static Manifest writeImage(Path layout) throws IOException {
        OciLayoutWriter writer = OciLayoutWriter.open(layout);
        Path layerFile = layout.resolve("layer.tmp");
        MessageDigest sha = Digest.newSha256();
        SplittableRandom random = new SplittableRandom(42);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(layerFile)) {
            for (long written = 0; written < LAYER_BYTES; written += buffer.length) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buffer[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                sha.update(buffer);
                out.write(buffer);
            }
        }
        Descriptor layer = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.of(sha), LAYER_BYTES);
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.move(layerFile, layout.resolve("blobs/sha256/" + layer.digest().hex()));
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.ofContent(MediaType.OCI_CONFIG, config);
        writer.writeBlob(configDescriptor, config);
        Manifest manifest = Manifest.create(MediaType.OCI_MANIFEST, configDescriptor, List.of(layer), Map.of());
        writer.writeBlob(manifest.descriptor(), manifest.bytes());
        writer.writeIndex(List.of(OciLayoutWriter.named(manifest.descriptor(), "v1")));
        return manifest;
    }
}
