package io.jenkins.plugins.imagemirror.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.archive.OciArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.TestImages;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.OciArchiveDestination;
import io.jenkins.plugins.imagemirror.core.transport.OciLayoutSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk (a small tmpfs, mounted for the test; needs root like the rest of the test bed): writing an
 * archive fails with the system's "No space left on device", and neither the target, nor a temporary file, nor a
 * staging directory is left behind, whether the disk fills while staging blobs or while writing the tar.
 */
class ArchiveDiskFullIT {
    private static final int LAYER_BYTES = 300 * 1024;

    @TempDir
    Path tmp;

    Path full;
    Path layoutDir;
    Manifest image;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        OciLayoutWriter layout = OciLayoutWriter.open(tmp.resolve("layout"));
        byte[] noise = new byte[LAYER_BYTES];
        new Random(42).nextBytes(noise);
        Descriptor layer = Descriptor.ofContent(MediaType.OCI_LAYER_GZIP, noise);
        byte[] config = TestImages.config(TestImages.AMD64, layer.digest());
        Descriptor configDescriptor = Descriptor.ofContent(MediaType.OCI_CONFIG, config);
        image = Manifest.create(MediaType.OCI_MANIFEST, configDescriptor, List.of(layer), Map.of());
        layout.writeBlob(layer, noise);
        layout.writeBlob(configDescriptor, config);
        layout.writeBlob(image.descriptor(), image.bytes());
        layout.writeIndex(List.of(OciLayoutWriter.named(image.descriptor(), "big:1")));
        layoutDir = layout.directory();
        full = Files.createDirectory(tmp.resolve("full"));
    }

    private void mount(String size) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "mounting a tmpfs needs root (as the test bed's containerd and dockerd do)");
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", full.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (Files.readString(Path.of("/proc/self/mounts")).contains(" " + full + " ")) {
            run("umount", full.toString());
        }
    }

    @Test
    void diskFillsWhileWritingTheTar() throws Exception {
        mount("200k");
        Path target = full.resolve("big.tar");
        try (OciLayoutReader reader = OciLayoutReader.open(layoutDir)) {
            assertThatThrownBy(() -> OciArchiveWriter.write(reader, reader.entries(), target))
                    .isInstanceOf(IOException.class)
                    .hasMessage("writing " + target + ": No space left on device (nothing was written to big.tar)");
        }
        assertThat(list(full)).isEmpty();
    }

    @Test
    void diskFillsWhileStagingBlobs() throws Exception {
        mount("200k");
        CopyResult result = copyInto(full.resolve("big.tar"));
        assertThat(result.destinations().get(0).status()).isEqualTo(DestinationResult.Status.FAILED);
        assertThat(result.destinations().get(0).error()).contains("No space left on device");
        assertThat(list(full)).isEmpty();
    }

    @Test
    void diskFillsAtCommitAfterStaging() throws Exception {
        mount("500k"); // the staged blobs fit, the tar beside them does not
        CopyResult result = copyInto(full.resolve("big.tar"));
        assertThat(result.destinations().get(0).status()).isEqualTo(DestinationResult.Status.FAILED);
        assertThat(result.destinations().get(0).error())
                .contains("No space left on device (nothing was written to big.tar)");
        assertThat(list(full)).isEmpty();
    }

    private CopyResult copyInto(Path target) throws IOException {
        try (ImageSource source = OciLayoutSource.open(layoutDir, "big:1");
                ImageDestination destination = OciArchiveDestination.create(target, "big:1")) {
            return new ImageCopier(CopyOptions.defaults(), null).copy(source, List.of(destination));
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
        }
    }
}
