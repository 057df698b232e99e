package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsALayout() throws IOException {
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        Manifest image = TestImages.image(layout, TestImages.AMD64, "layout");
        layout.writeIndex(List.of(OciLayoutWriter.named(image.descriptor(), "v1")));
        assertThat(Files.readString(layout.directory().resolve("oci-layout")))
                .isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Files.readString(layout.directory().resolve("index.json")))
                .isEqualTo(
                        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                                + image.digest() + "\",\"size\":" + image.length() + ",\"annotations\":{"
                                + "\"io.containerd.image.name\":\"docker.io/library/v1:latest\","
                                + "\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
        try (OciLayoutReader reader = OciLayoutReader.open(layout.directory())) {
            assertThat(reader.manifest(reader.find("v1"))).isEqualTo(image);
            assertThat(reader.readBlob(image.config()))
                    .hasSize((int) image.config().size());
        }
        assertThat(tree(layout.directory())).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void linkedBlobsShareTheCachedFileAndMustHaveTheDeclaredSize() throws IOException {
        byte[] bytes = "layer".getBytes(StandardCharsets.UTF_8);
        Path cached = Files.write(dir.resolve("cached-layer"), bytes);
        Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256(bytes), bytes.length);
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        layout.linkBlob(blob, cached);
        layout.linkBlob(blob, cached); // present: nothing to do
        Path file = layout.directory().resolve(LayoutNames.blobPath(blob.digest()));
        assertThat(Files.isSameFile(file, cached)).isTrue();
        Descriptor wrongSize = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256("other"), 99);
        assertThatThrownBy(() -> layout.linkBlob(wrongSize, cached))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("file has 5 bytes, its descriptor declares 99");
        assertThat(layout.hasBlob(wrongSize.digest())).isFalse();
    }

    @Test
    void blobWithWrongDigestIsNeverVisible() throws IOException {
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        Descriptor claimed = Descriptor.of(MediaType.OCI_LAYER_TAR, Digest.sha256("other"), 5);
        try (BlobOutput out = layout.openBlob(claimed)) {
            out.write(bytes);
            assertThatThrownBy(out::commit)
                    .hasMessage("writing blob " + claimed.digest() + ": content has digest " + Digest.sha256(bytes)
                            + " (source corrupt or tampered)");
        }
        Descriptor tooShort = Descriptor.of(MediaType.OCI_LAYER_TAR, Digest.sha256(bytes), 6);
        try (BlobOutput out = layout.openBlob(tooShort)) {
            out.write(bytes);
            assertThatThrownBy(out::commit)
                    .hasMessage("writing blob " + tooShort.digest() + ": got 5 bytes, its descriptor declares 6");
        }
        Descriptor tooLong = Descriptor.of(MediaType.OCI_LAYER_TAR, Digest.sha256(bytes), 4);
        try (BlobOutput out = layout.openBlob(tooLong)) {
            assertThatThrownBy(() -> out.write(bytes))
                    .hasMessage("writing blob " + tooLong.digest() + ": more than the 4 bytes its descriptor declares");
        }
        assertThat(layout.hasBlob(claimed.digest())).isFalse();
        assertThat(layout.hasBlob(tooShort.digest())).isFalse();
        assertThat(tree(layout.directory())).containsExactly("blobs", "blobs/sha256");
    }

    @Test
    void indexMayOnlyNamePresentBlobs() throws IOException {
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        Descriptor missing = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("x"), 1);
        assertThatThrownBy(() -> layout.writeIndex(List.of(missing)))
                .hasMessage("writing "
                        + layout.directory().resolve("index.json") + ": entry " + missing.digest()
                        + " is not among the layout's blobs");
        assertThat(Files.exists(layout.directory().resolve("index.json"))).isFalse();
    }

    @Test
    void symlinkedBlobIsRejected() throws IOException {
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        Manifest image = TestImages.image(layout, TestImages.AMD64, "link");
        layout.writeIndex(List.of(image.descriptor()));
        Path config =
                layout.directory().resolve(LayoutNames.blobPath(image.config().digest()));
        Path outside = Files.write(dir.resolve("outside"), Files.readAllBytes(config));
        Files.delete(config);
        Files.createSymbolicLink(config, outside);
        try (OciLayoutReader reader = OciLayoutReader.open(layout.directory())) {
            assertThatThrownBy(() -> reader.readBlob(image.config()))
                    .hasMessageContaining("reading blob " + image.config().digest() + " from OCI layout "
                            + layout.directory() + ": missing (or not a regular file)");
        }
    }

    @Test
    void mergeReplacesTheEntryWithTheSameName() {
        Descriptor a = OciLayoutWriter.named(Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("a"), 1), "v1");
        Descriptor b = OciLayoutWriter.named(Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("b"), 1), "v2");
        Descriptor a2 = OciLayoutWriter.named(Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256("c"), 1), "v1");
        assertThat(OciLayoutWriter.merge(List.of(a, b), a2)).containsExactly(b, a2);
        Descriptor unnamed = OciLayoutWriter.named(a.withAnnotations(null), null);
        assertThat(OciLayoutWriter.merge(List.of(unnamed, b), unnamed)).containsExactly(b, unnamed);
    }

    @Test
    void imageNames() {
        assertThat(LayoutNames.imageName("app:1.0")).hasValue("docker.io/library/app:1.0");
        assertThat(LayoutNames.imageName("127.0.0.1:5000/team/app")).hasValue("127.0.0.1:5000/team/app:latest");
        assertThat(LayoutNames.imageName("app@sha256:" + "a".repeat(64))).isEmpty();
        assertThat(LayoutNames.imageName("Not A Name")).isEmpty();
        assertThat(LayoutNames.digestOfBlobPath("blobs/sha256/" + "b".repeat(64)))
                .hasValue(new Digest("sha256", "b".repeat(64)));
        assertThat(LayoutNames.digestOfBlobPath("blobs/sha256/../x")).isEmpty();
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
