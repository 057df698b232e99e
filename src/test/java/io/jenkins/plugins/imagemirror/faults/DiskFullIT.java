package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.DestinationResult;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The archive's directory is a 2 MiB tmpfs: the disk fills up while blobs are staged, or only while the archive
 * itself is written from the staged blobs. Either way the copy fails saying so, and nothing is left behind.
 */
class DiskFullIT {
    private static final int KIB = 1024;

    @TempDir
    Path tmp;

    private Path full;

    @BeforeEach
    void mount() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        full = Files.createDirectories(tmp.resolve("full"));
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", full.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (full != null) {
            run("umount", full.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "while staging blobs, 1536, 1024", // 2.5 MiB of blobs do not fit at all
        "while writing the archive, 900, 300" // 1.2 MiB fits once, not twice (staged blobs + the archive)
    })
    void theCopyFailsClearlyAndLeavesNoFile(String when, int layer0Kib, int layer1Kib) throws Exception {
        RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
        String from = FaultBed.repo("full-src");
        SampleImage image = FaultBed.seed(plain, from, "v1", 1101 + layer0Kib, layer0Kib * KIB, layer1Kib * KIB);
        Path target = full.resolve("image.tar");
        Registries registries = Registries.defaults().with(FaultBed.plain(BED.plain()));

        CopyResult result = FaultBed.copy(
                CopyOptions.defaults(),
                null,
                FaultBed.source(plain, from, "v1"),
                List.of(Transports.openDestination(
                        ImageLocation.parse("oci-archive:" + target), registries, List.of(), null)));

        DestinationResult d = result.destinations().get(0);
        assertThat(d.status()).isEqualTo(DestinationResult.Status.FAILED);
        assertThat(d.error()).contains("oci-archive:" + target).contains("No space left on device");
        try (Stream<Path> left = Files.list(full)) {
            assertThat(left)
                    .as("no partial archive, temporary file or staging directory")
                    .isEmpty();
        }
        assertThat(image.manifest.layers()).hasSize(2);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
