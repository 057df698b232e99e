package io.jenkins.plugins.imagemirror.core.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.archive.OciArchiveReader;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.TestImages;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.transport.DockerArchiveDestination;
import io.jenkins.plugins.imagemirror.core.transport.DockerArchiveSource;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.OciArchiveDestination;
import io.jenkins.plugins.imagemirror.core.transport.OciLayoutDestination;
import io.jenkins.plugins.imagemirror.core.transport.OciLayoutSource;
import io.jenkins.plugins.imagemirror.core.transport.RegistryDestination;
import io.jenkins.plugins.imagemirror.core.transport.RegistrySource;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive transports under the real {@link ImageCopier}: a two-platform image goes layout → registry → archives
 * in one copy, keeps the registry's digest in the oci-archive and layout, and the archives load in real runtimes.
 */
class ArchiveCopyIT {
    @TempDir
    static Path tmp;

    static Testbed bed;
    static Runtimes runtimes;
    static Registries registries;
    static ImageIndex index;
    static Manifest amd64;
    static ImageReference pushed;

    @BeforeAll
    static void pushTheImage() throws IOException {
        bed = Testbed.get();
        runtimes = new Runtimes(bed);
        registries = Registries.defaults()
                .with(RegistrySettings.defaults(bed.plain()).withPlainHttp(true));
        OciLayoutWriter layout = OciLayoutWriter.open(tmp.resolve("layout"));
        index = TestImages.twoPlatforms(layout, "copy-it");
        amd64 = TestImages.image(layout, TestImages.AMD64, "copy-it");
        layout.writeIndex(List.of(OciLayoutWriter.named(index.descriptor(), "multi")));
        pushed = ImageReference.parse(bed.plain() + "/archive-copy/multi:1.0");
        try (ImageSource source = OciLayoutSource.open(layout.directory(), "multi");
                ImageDestination destination = new RegistryDestination(registries, pushed, List.of())) {
            CopyResult result = new ImageCopier(CopyOptions.defaults(), null).copy(source, List.of(destination));
            assertThat(result.allSucceeded()).as(result.toString()).isTrue();
        }
        assertThat(Digest.sha256(runtimes.skopeoInspectRaw(pushed.toString()))).isEqualTo(index.digest());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (runtimes != null) {
            runtimes.close();
        }
        if (bed != null) { // best effort: leave the shared dockerd as we found it
            new ProcessBuilder("docker", "--host", bed.dockerVfsHost(), "rmi", "--force", "archive-copy/amd64:1.0")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static CopyResult copy(CopyOptions options, ImageDestination... destinations) throws IOException {
        try (ImageSource source = new RegistrySource(registries, pushed)) {
            try {
                return new ImageCopier(options, null).copy(source, List.of(destinations));
            } finally {
                for (ImageDestination d : destinations) {
                    d.close();
                }
            }
        }
    }

    @Test
    void registryToEveryArchiveKindInOneCopy() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("one-copy"));
        Path archive = out.resolve("multi.tar");
        Path layoutDir = out.resolve("layout");
        Path dockerTar = out.resolve("docker.tar");
        CopyResult result = copy(
                CopyOptions.defaults(),
                OciArchiveDestination.create(archive, "archive-copy/multi:1.0"),
                OciLayoutDestination.create(layoutDir, "1.0"),
                DockerArchiveDestination.create(dockerTar, "archive-copy/multi:1.0"));
        List<DestinationResult> results = result.destinations();
        assertThat(results.get(0).status()).isEqualTo(DestinationResult.Status.PUSHED);
        assertThat(results.get(0).digest()).isEqualTo(index.digest());
        assertThat(results.get(1).status()).isEqualTo(DestinationResult.Status.PUSHED);
        assertThat(results.get(2).status()).isEqualTo(DestinationResult.Status.FAILED);
        assertThat(results.get(2).error())
                .contains("is a multi-platform index and a docker-archive holds one"
                        + " platform; choose one with --platform");
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("multi.tar", "layout");

        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(archive, ns, true)).containsExactly("docker.io/archive-copy/multi:1.0");
        try (OciArchiveReader reader = OciArchiveReader.open(archive)) {
            assertThat(reader.find("archive-copy/multi:1.0").digest()).isEqualTo(index.digest());
        }
        try (OciLayoutSource layout = OciLayoutSource.open(layoutDir, "1.0")) {
            assertThat(layout.resolve().digest()).isEqualTo(index.digest());
        }

        // a second copy writes the same bytes; an unchanged layout reports present
        Path again = out.resolve("again.tar");
        CopyResult second = copy(
                CopyOptions.defaults(),
                OciArchiveDestination.create(again, "archive-copy/multi:1.0"),
                OciLayoutDestination.create(layoutDir, "1.0"));
        assertThat(second.destinations().get(1).status()).isEqualTo(DestinationResult.Status.PRESENT);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(archive));
    }

    @Test
    void dockerArchiveWithAPlatformLoadsInDocker() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("platform"));
        Path dockerTar = out.resolve("docker.tar");
        CopyResult result = copy(
                CopyOptions.defaults().withPlatforms(List.of(TestImages.AMD64)),
                DockerArchiveDestination.create(dockerTar, "archive-copy/amd64:1.0"));
        assertThat(result.allSucceeded()).as(result.toString()).isTrue();
        assertThat(runtimes.dockerLoad(Runtimes.Docker.VFS, dockerTar)).containsExactly("archive-copy/amd64:1.0");
        assertThat(runtimes.podmanLoad(dockerTar)).containsExactly("docker.io/archive-copy/amd64:1.0");
        try (DockerArchiveSource source = DockerArchiveSource.open(dockerTar, null)) {
            Manifest read = (Manifest) source.manifest(source.resolve());
            assertThat(read.config()).isEqualTo(amd64.config());
            assertThat(read.layers()).isEqualTo(amd64.layers());
        }
    }
}
