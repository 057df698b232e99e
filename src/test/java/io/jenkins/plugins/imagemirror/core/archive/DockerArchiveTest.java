package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {
    private static final String ID1 = "1".repeat(64);
    private static final String ID2 = "2".repeat(64);

    @TempDir
    Path dir;

    /** What docker 20.10 `docker save` writes: uncompressed layers, the repeated one as a symlink. */
    private Path dockerSave(String layer2Link, String diffId2) {
        byte[] layer = TestImages.layerTar("hello\n");
        Digest diffId = Digest.sha256(layer);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId + "\",\"" + (diffId2 != null ? diffId2 : diffId.toString()) + "\"]}}";
        String configName = Digest.sha256(config).hex() + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"app:1.0\",\"app:latest\"],"
                + "\"Layers\":[\"" + ID1 + "/layer.tar\",\"" + ID2 + "/layer.tar\"]}]";
        return new EvilTar()
                .directory(ID1)
                .file(ID1 + "/VERSION", "1.0")
                .file(ID1 + "/json", "{}")
                .file(ID1 + "/layer.tar", layer)
                .directory(ID2)
                .file(ID2 + "/VERSION", "1.0")
                .file(ID2 + "/json", "{}")
                .symlink(ID2 + "/layer.tar", layer2Link)
                .file(configName, config)
                .file("manifest.json", manifest)
                .file("repositories", "{\"app\":{\"1.0\":\"" + ID2 + "\"}}")
                .writeTo(dir.resolve("saved.tar"));
    }

    @Test
    void readsDockerSaveOutputWithLinkedLayers() throws IOException {
        Path archive = dockerSave("../" + ID1 + "/layer.tar", null);
        byte[] layer = TestImages.layerTar("hello\n");
        try (DockerArchiveReader reader = DockerArchiveReader.open(archive)) {
            assertThat(reader.select("docker.io/library/app:1.0")).isSameAs(reader.select(null));
            assertThat(reader.select("app:latest")).isSameAs(reader.select("@0"));
            Manifest manifest = reader.manifest(reader.select("app:1.0"));
            assertThat(manifest.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
            assertThat(manifest.layers())
                    .containsExactly(
                            Descriptor.of(MediaType.OCI_LAYER_TAR, Digest.sha256(layer), layer.length),
                            Descriptor.of(MediaType.OCI_LAYER_TAR, Digest.sha256(layer), layer.length));
            try (InputStream in = reader.openBlob(manifest.layers().get(1))) {
                assertThat(in.readAllBytes()).isEqualTo(layer);
            }
            assertThat(reader.openBlob(manifest.config()).readAllBytes())
                    .startsWith("{\"architecture\":\"amd64\"".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> reader.select("other:1"))
                    .hasMessage(
                            "docker archive " + archive + ": no image tagged 'other:1' (tags: app:1.0, app:latest)");
        }
    }

    @Test
    void layerThatDoesNotMatchItsDiffIdIsRejected() throws IOException {
        String wrong = "sha256:" + "0".repeat(64);
        Path archive = dockerSave("../" + ID1 + "/layer.tar", wrong);
        try (DockerArchiveReader reader = DockerArchiveReader.open(archive)) {
            assertThatThrownBy(() -> reader.manifest(reader.select(null)))
                    .isInstanceOf(ArchiveFormatException.class)
                    .hasMessage("reading docker archive " + archive + ": layer 1 (" + ID1 + "/layer.tar) has digest "
                            + Digest.sha256(TestImages.layerTar("hello\n")) + ", the config's diff_id is " + wrong
                            + " (archive corrupt or tampered)");
        }
    }

    @Test
    void layerLinkThatEscapesIsRejected() {
        Path archive = dockerSave("../../etc/shadow", null);
        assertThatThrownBy(() -> DockerArchiveReader.open(archive))
                .isInstanceOf(ArchiveFormatException.class)
                .hasMessage("reading tar " + archive + ": symlink '" + ID2 + "/layer.tar' -> '../../etc/shadow'"
                        + " escapes the archive");
    }

    @Test
    void manifestPathWithDotDotIsRejected() {
        Path archive = new EvilTar()
                .file("manifest.json", "[{\"Config\":\"../../etc/passwd\",\"RepoTags\":null,\"Layers\":[]}]")
                .writeTo(dir.resolve("x.tar"));
        assertThatThrownBy(() -> {
                    try (DockerArchiveReader reader = DockerArchiveReader.open(archive)) {
                        reader.manifest(reader.select(null));
                    }
                })
                .isInstanceOf(ArchiveFormatException.class)
                .hasMessage("reading docker archive " + archive
                        + ": manifest.json config: entry '../../etc/passwd' contains '..'");
    }

    @Test
    void writerRoundTripKeepsCompressedLayersAndDigests() throws IOException {
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        Manifest image = TestImages.image(layout, TestImages.AMD64, "docker");
        layout.writeIndex(List.of(image.descriptor()));
        Path archive = dir.resolve("docker.tar");
        Path again = dir.resolve("again.tar");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            DockerArchiveWriter.write(source, image, List.of("docker.io/library/app:1.0"), archive);
            DockerArchiveWriter.write(source, image, List.of("docker.io/library/app:1.0"), again);
        }
        assertThat(Files.readAllBytes(archive)).isEqualTo(Files.readAllBytes(again));
        try (DockerArchiveReader reader = DockerArchiveReader.open(archive)) {
            Manifest read = reader.manifest(reader.select("app:1.0"));
            assertThat(read.config().digest()).isEqualTo(image.config().digest());
            assertThat(read.layers()).containsExactlyElementsOf(image.layers()); // OCI gzip type, same digest
            assertThat(read.digest()).isEqualTo(image.digest()); // same OCI manifest, rebuilt byte for byte
        }
        assertThat(Files.size(archive))
                .isEqualTo(TarWriter.archiveSize(
                        2,
                        OciArchiveWriter.dockerImagesBytes(image, "docker.io/library/app:1.0").length,
                        image.config().size(),
                        image.layers().get(0).size()));
    }
}
