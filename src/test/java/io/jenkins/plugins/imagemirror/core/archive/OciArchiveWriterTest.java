package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveWriterTest {
    @TempDir
    Path dir;

    Path out;
    OciLayoutWriter layout;
    Manifest single;
    ImageIndex index;

    @BeforeEach
    void images() throws IOException {
        out = Files.createDirectory(dir.resolve("out"));
        layout = OciLayoutWriter.open(dir.resolve("layout"));
        single = TestImages.image(layout, TestImages.AMD64, "single");
        index = TestImages.twoPlatforms(layout, "multi");
        layout.writeIndex(List.of(
                OciLayoutWriter.named(single.descriptor(), "app:1.0"),
                OciLayoutWriter.named(index.descriptor(), "registry.corp:5000/team/multi:2.0")));
    }

    @Test
    void roundTripSinglePlatform() throws IOException {
        Path archive = out.resolve("single.tar");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(source, List.of(source.find("app:1.0")), archive);
        }
        try (OciArchiveReader reader = OciArchiveReader.open(archive)) {
            Descriptor entry = reader.find("app:1.0");
            assertThat(entry.digest()).isEqualTo(single.digest());
            assertThat(entry.annotations())
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                            LayoutNames.REF_NAME, "app:1.0", LayoutNames.CONTAINERD_NAME, "docker.io/library/app:1.0"));
            assertThat(reader.find("docker.io/library/app:1.0")).isEqualTo(entry);
            ManifestContent manifest = reader.manifest(entry);
            assertThat(manifest).isEqualTo(single);
            Descriptor layer = single.layers().get(0);
            try (InputStream in = reader.openBlob(layer)) {
                assertThat(in.readAllBytes())
                        .isEqualTo(
                                Files.readAllBytes(layout.directory().resolve(LayoutNames.blobPath(layer.digest()))));
            }
            assertThat(new String(reader.dockerManifestJson(), StandardCharsets.UTF_8))
                    .isEqualTo("[{\"Config\":\"blobs/sha256/"
                            + single.config().digest().hex()
                            + "\",\"RepoTags\":[\"docker.io/library/app:1.0\"],\"Layers\":[\"blobs/sha256/"
                            + layer.digest().hex() + "\"]}]");
        }
        // 2 directories, oci-layout, index.json, manifest.json, manifest, config, layer
        assertThat(Files.size(archive))
                .isEqualTo(TarWriter.archiveSize(
                        2,
                        30,
                        OciLayoutWriter.indexJson(List.of(OciLayoutWriter.named(single.descriptor(), "app:1.0")))
                                .length,
                        OciArchiveWriter.dockerImagesBytes(single, "docker.io/library/app:1.0").length,
                        single.length(),
                        single.config().size(),
                        single.layers().get(0).size()));
        assertThat(Files.list(out)).containsExactly(archive);
    }

    @Test
    void multiPlatformKeepsTheIndexAndGivesDockerTheHostPlatform() throws IOException {
        Path archive = out.resolve("multi.tar");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(
                    source, List.of(source.find("registry.corp:5000/team/multi:2.0")), TestImages.ARM64, archive);
        }
        try (OciArchiveReader reader = OciArchiveReader.open(archive)) {
            Descriptor entry = reader.find(null);
            assertThat(entry.digest()).isEqualTo(index.digest());
            ImageIndex read = (ImageIndex) reader.manifest(entry);
            for (Descriptor child : read.manifests()) {
                Manifest m = (Manifest) reader.manifest(child);
                reader.readBlob(m.config());
                try (InputStream in = reader.openBlob(m.layers().get(0))) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            Manifest arm =
                    (Manifest) reader.manifest(index.find(TestImages.ARM64).orElseThrow());
            List<DockerManifestJson> docker = DockerManifestJson.parse(reader.dockerManifestJson(), "test");
            assertThat(docker)
                    .containsExactly(new DockerManifestJson(
                            LayoutNames.blobPath(arm.config().digest()),
                            List.of("registry.corp:5000/team/multi:2.0"),
                            List.of(LayoutNames.blobPath(arm.layers().get(0).digest()))));
        }
    }

    @Test
    void sameImagesGiveIdenticalBytes() throws IOException {
        Path first = out.resolve("first.tar");
        Path second = out.resolve("second.tar");
        // a second layout written in another order must not matter either
        OciLayoutWriter other = OciLayoutWriter.open(dir.resolve("other"));
        TestImages.twoPlatforms(other, "multi");
        TestImages.image(other, TestImages.AMD64, "single");
        List<Descriptor> entries = List.of(
                OciLayoutWriter.named(single.descriptor(), "app:1.0"),
                OciLayoutWriter.named(index.descriptor(), "multi:2.0"));
        other.writeIndex(entries);
        Path third = out.resolve("third.tar");
        try (OciLayoutReader a = OciLayoutReader.open(layout.directory());
                OciLayoutReader b = OciLayoutReader.open(other.directory());
                OciLayoutReader trusted = OciLayoutReader.openTrusted(other.directory())) {
            OciArchiveWriter.write(a, entries, TestImages.AMD64, first);
            OciArchiveWriter.write(b, entries, TestImages.AMD64, second);
            OciArchiveWriter.write(trusted, entries, TestImages.AMD64, third); // blobs copied in-kernel
        }
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readAllBytes(third)).isEqualTo(Files.readAllBytes(first));
        assertThat(io.jenkins.plugins.imagemirror.core.image.Digest.sha256(Files.readAllBytes(first)))
                .isEqualTo(io.jenkins.plugins.imagemirror.core.image.Digest.sha256(Files.readAllBytes(second)));
    }

    @Test
    void writeFailureLeavesNoFile() throws IOException {
        Path archive = out.resolve("full.tar");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            assertThatThrownBy(() -> OciArchiveWriter.write(
                            source,
                            List.of(source.find("app:1.0")),
                            TestImages.AMD64,
                            archive,
                            stream -> new DiskFullAfter(stream, 3000)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("writing " + archive + ": No space left on device (nothing was written to full.tar)");
        }
        assertThat(Files.list(out)).isEmpty();
    }

    @Test
    void existingTargetIsKeptWhenWritingFails() throws IOException {
        Path archive = out.resolve("keep.tar");
        Files.writeString(archive, "previous");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            assertThatThrownBy(() -> OciArchiveWriter.write(
                            source,
                            List.of(source.find("app:1.0")),
                            TestImages.AMD64,
                            archive,
                            stream -> new DiskFullAfter(stream, 100)))
                    .hasMessageContaining("No space left on device");
        }
        assertThat(Files.readString(archive)).isEqualTo("previous");
        assertThat(Files.list(out)).containsExactly(archive);
    }

    @Test
    void tamperedBlobFailsTheWriteAndLeavesNoFile() throws IOException {
        Descriptor layer = single.layers().get(0);
        Path blob = layout.directory().resolve(LayoutNames.blobPath(layer.digest()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1;
        Files.write(blob, bytes);
        Path archive = out.resolve("bad.tar");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            assertThatThrownBy(() -> OciArchiveWriter.write(source, List.of(source.find("app:1.0")), archive))
                    .hasMessageStartingWith("writing " + archive + ": reading blob " + layer.digest()
                            + " from OCI layout " + layout.directory() + ": content has digest sha256:")
                    .hasMessageEndingWith("(archive corrupt or tampered) (nothing was written to bad.tar)");
        }
        assertThat(Files.list(out)).isEmpty();
    }

    @Test
    void tamperedBlobInAnArchiveIsRejectedWhenRead() throws IOException {
        Path archive = out.resolve("tampered.tar");
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(source, List.of(source.find("app:1.0")), archive);
        }
        Descriptor config = single.config();
        byte[] bytes = Files.readAllBytes(archive);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"Labels\":{\"test\":\"image-mirror\"}");
        bytes[at + 18] = 'I'; // same size, other bytes
        Files.write(archive, bytes);
        byte[] tampered = Files.readAllBytes(layout.directory().resolve(LayoutNames.blobPath(config.digest())));
        tampered[new String(tampered, StandardCharsets.ISO_8859_1).indexOf("image-mirror")] = 'I';
        try (OciArchiveReader reader = OciArchiveReader.open(archive)) {
            assertThatThrownBy(() -> reader.readBlob(config))
                    .hasMessage("reading blob " + config.digest() + " from OCI archive " + archive
                            + ": content has digest "
                            + io.jenkins.plugins.imagemirror.core.image.Digest.sha256(tampered)
                            + " (archive corrupt or tampered)");
            Descriptor wrongSize = Descriptor.of(config.mediaType(), config.digest(), config.size() + 1);
            assertThatThrownBy(() -> reader.openBlob(wrongSize))
                    .hasMessage("reading blob " + config.digest()
                            + " from OCI archive " + archive + ": entry has " + config.size()
                            + " bytes, its descriptor declares " + (config.size() + 1));
        }
    }

    @Test
    void unknownRefNamesTheImagesThere() throws IOException {
        try (OciLayoutReader source = OciLayoutReader.open(layout.directory())) {
            assertThatThrownBy(() -> source.find("nope:1"))
                    .hasMessage("OCI layout " + layout.directory() + ": no image named 'nope:1' in index.json (names:"
                            + " app:1.0, registry.corp:5000/team/multi:2.0)");
            assertThatThrownBy(() -> source.find(null))
                    .hasMessage("OCI layout " + layout.directory() + ": index.json holds 2 images; name one with :REF"
                            + " (names: app:1.0, registry.corp:5000/team/multi:2.0)");
        }
    }

    /** Simulates ENOSPC after {@code limit} bytes. */
    static final class DiskFullAfter implements WritableByteChannel {
        private final WritableByteChannel out;
        private long left;

        DiskFullAfter(WritableByteChannel out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (src.remaining() > left) {
                throw new IOException("No space left on device");
            }
            left -= src.remaining();
            return out.write(src);
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static Stream<String> names(Path dir) throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString());
    }
}
