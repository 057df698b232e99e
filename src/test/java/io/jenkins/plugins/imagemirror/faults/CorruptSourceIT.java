package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.SampleImage;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source registry serving a blob whose bytes do not match its digest (bit rot in its storage). */
class CorruptSourceIT {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aCorruptBlobFailsTheCopyAndNoManifestIsPushedAnywhere() throws Exception {
        try (OwnRegistry source = OwnRegistry.start(tmp.resolve("source"), "")) {
            RegistryClient sourceClient = FaultBed.client(FaultBed.plain(source.address()));
            String from = FaultBed.repo("corrupt-src");
            SampleImage image = FaultBed.seed(sourceClient, from, "v1", 1001, 2 * MIB, 512 * 1024);
            Path blob = source.blobFile(image.layer(0).digest().hex());
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 0x55; // same size, one bit pattern flipped: only the digest can tell
            Files.write(blob, bytes);

            RegistryClient plain = FaultBed.client(FaultBed.plain(BED.plain()));
            String to = FaultBed.repo("corrupt-dst");
            Path out = Files.createDirectories(tmp.resolve("out"));
            Registries registries =
                    Registries.defaults().with(FaultBed.plain(BED.plain())).with(FaultBed.plain(source.address()));

            assertThatThrownBy(() -> FaultBed.copy(
                            CopyOptions.defaults(),
                            null,
                            FaultBed.source(sourceClient, from, "v1"),
                            List.of(
                                    FaultBed.destination(plain, to, "v1"),
                                    Transports.openDestination(
                                            ImageLocation.parse("oci-archive:" + out.resolve("image.tar")),
                                            registries,
                                            List.of(),
                                            null))))
                    .hasMessageStartingWith("copying blob " + image.layer(0).digest() + " from docker://"
                            + source.address() + "/" + from + ":v1: the source sent bytes with digest sha256:")
                    .hasMessageContaining("nothing that refers to this blob was pushed");

            FaultBed.assertAbsent(plain, to, "v1", image.manifest.digest());
            assertThat(plain.hasBlob(to, image.layer(0).digest()))
                    .as("the corrupt blob")
                    .isFalse();
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left).as("nothing left in the archive's directory").isEmpty();
            }
        }
    }
}
