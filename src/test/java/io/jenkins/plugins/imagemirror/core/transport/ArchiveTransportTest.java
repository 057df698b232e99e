package io.jenkins.plugins.imagemirror.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.imagemirror.core.archive.LayoutNames;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.TestImages;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive transports driven through the ImageSource/ImageDestination contracts, as the copier drives them. */
class ArchiveTransportTest {
    @TempDir
    Path dir;

    Path out;
    Path layoutDir;
    Manifest single;
    ImageIndex index;

    @BeforeEach
    void images() throws IOException {
        out = Files.createDirectory(dir.resolve("out"));
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        layoutDir = layout.directory();
        single = TestImages.image(layout, TestImages.AMD64, "single");
        index = TestImages.twoPlatforms(layout, "multi");
        layout.writeIndex(List.of(
                OciLayoutWriter.named(single.descriptor(), "app:1.0"),
                OciLayoutWriter.named(index.descriptor(), "multi:2.0")));
    }

    /** What ImageCopier does, reduced: blobs in parallel, children, root, commit. */
    static Descriptor copy(ImageSource source, ImageDestination destination) throws Exception {
        Descriptor root = source.resolve();
        if (destination.hasRoot(root)) {
            return root;
        }
        ManifestContent rootContent = source.manifest(root);
        List<Manifest> manifests = new ArrayList<>();
        if (rootContent instanceof ImageIndex i) {
            for (Descriptor child : i.manifests()) {
                manifests.add((Manifest) source.manifest(child));
            }
        } else {
            manifests.add((Manifest) rootContent);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Manifest m : manifests) {
                List<Descriptor> blobs = new ArrayList<>(m.layers());
                blobs.add(m.config());
                for (Descriptor blob : blobs) {
                    futures.add(pool.submit(() -> {
                        if (destination.hasBlob(blob)) {
                            return null;
                        }
                        try (InputStream in = source.openBlob(blob);
                                BlobSink sink = destination.openBlob(blob)) {
                            in.transferTo(sink);
                            sink.commit();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        if (rootContent instanceof ImageIndex) {
            for (Manifest m : manifests) {
                destination.putManifest(m);
            }
        }
        destination.putRoot(rootContent);
        destination.commit();
        return root;
    }

    @Test
    void layoutToArchiveAndBackKeepsDigestsAndBytes() throws Exception {
        Path first = out.resolve("first.tar");
        Path second = out.resolve("second.tar");
        Path layoutAgain = out.resolve("again");
        try (ImageSource source = OciLayoutSource.open(layoutDir, "multi:2.0");
                ImageDestination destination = OciArchiveDestination.create(first, "multi:2.0")) {
            assertThat(copy(source, destination).digest()).isEqualTo(index.digest());
        }
        try (ImageSource source = OciArchiveSource.open(first, null);
                ImageDestination destination = OciLayoutDestination.create(layoutAgain, "multi:2.0")) {
            assertThat(copy(source, destination).digest()).isEqualTo(index.digest());
        }
        try (ImageSource source = OciLayoutSource.open(layoutAgain, "multi:2.0");
                ImageDestination destination = OciArchiveDestination.create(second, "multi:2.0")) {
            assertThat(destination.describe()).isEqualTo("oci-archive:" + second + ":multi:2.0");
            assertThat(copy(source, destination).digest()).isEqualTo(index.digest());
        }
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        assertThat(names(out)).containsExactlyInAnyOrder("first.tar", "second.tar", "again");
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws Exception {
        Path target = out.resolve("abandoned.tar");
        try (ImageSource source = OciLayoutSource.open(layoutDir, "app:1.0");
                ImageDestination destination = OciArchiveDestination.create(target, "app:1.0")) {
            Descriptor layer = single.layers().get(0);
            try (InputStream in = source.openBlob(layer);
                    BlobSink sink = destination.openBlob(layer)) {
                in.transferTo(sink);
                sink.commit();
            }
            assertThat(destination.hasBlob(layer)).isTrue();
            assertThat(names(out)).hasSize(2).allMatch(n -> n.startsWith(".abandoned.tar.staging-")); // dir, lock
            try (BlobSink sink = destination.openBlob(single.config())) {
                sink.write(new byte[3]);
                sink.abort();
            }
            assertThat(destination.hasBlob(single.config())).isFalse();
        }
        assertThat(names(out)).isEmpty();
    }

    @Test
    void dockerArchiveRefusesAnIndexBeforeCopyingAnything() throws Exception {
        Path target = out.resolve("docker.tar");
        try (ImageSource source = OciLayoutSource.open(layoutDir, "multi:2.0");
                ImageDestination destination = DockerArchiveDestination.create(target, "multi:2.0")) {
            assertThatThrownBy(() -> copy(source, destination))
                    .hasMessage("writing docker-archive:" + target
                            + ":multi:2.0: the source " + index.digest()
                            + " is a multi-platform index and a docker-archive"
                            + " holds one platform; choose one with --platform (e.g. --platform linux/amd64), or write"
                            + " oci-archive: to keep every platform");
        }
        assertThat(names(out)).isEmpty();
    }

    @Test
    void dockerArchiveRoundTrip() throws Exception {
        Path target = out.resolve("docker.tar");
        try (ImageSource source = OciLayoutSource.open(layoutDir, "app:1.0");
                ImageDestination destination = DockerArchiveDestination.create(target, "app:1.0")) {
            copy(source, destination);
        }
        Path layout = out.resolve("from-docker");
        try (ImageSource source = DockerArchiveSource.open(target, "docker.io/library/app:1.0");
                ImageDestination destination = OciLayoutDestination.create(layout, "app:1.0")) {
            Descriptor root = copy(source, destination);
            Manifest read = (Manifest) source.manifest(root);
            assertThat(read.config()).isEqualTo(single.config());
            assertThat(read.layers()).isEqualTo(single.layers());
        }
        assertThat(names(out)).containsExactlyInAnyOrder("docker.tar", "from-docker");
        assertThatThrownBy(() -> DockerArchiveDestination.create(out.resolve("x.tar"), "Bad Ref"))
                .hasMessage("docker-archive:" + out.resolve("x.tar") + ":Bad Ref: 'Bad Ref' is not an image"
                        + " reference (expected e.g. app:1.0)");
        assertThat(names(out)).containsExactlyInAnyOrder("docker.tar", "from-docker");
    }

    @Test
    void layoutDestinationKnowsWhatItHoldsAndKeepsOtherImages() throws Exception {
        Path target = out.resolve("layout");
        try (ImageSource source = OciLayoutSource.open(layoutDir, "app:1.0");
                ImageDestination destination = OciLayoutDestination.create(target, "v1")) {
            assertThat(destination.hasRoot(source.resolve())).isFalse();
            copy(source, destination);
        }
        try (ImageSource source = OciLayoutSource.open(layoutDir, "multi:2.0");
                ImageDestination destination = OciLayoutDestination.create(target, "v2")) {
            copy(source, destination);
        }
        try (ImageSource source = OciLayoutSource.open(layoutDir, "app:1.0");
                ImageDestination v1 = OciLayoutDestination.create(target, "v1");
                ImageDestination v3 = OciLayoutDestination.create(target, "v3")) {
            assertThat(v1.hasRoot(source.resolve())).isTrue();
            assertThat(v3.hasRoot(source.resolve())).isFalse();
        }
        try (ImageSource source = OciLayoutSource.open(layoutDir, "multi:2.0");
                ImageDestination destination = OciLayoutDestination.create(target, "v1")) {
            copy(source, destination); // v1 now names the index
        }
        try (OciLayoutSource v1 = OciLayoutSource.open(target, "v1");
                OciLayoutSource v2 = OciLayoutSource.open(target, "v2")) {
            assertThat(v1.resolve()).isEqualTo(index.descriptor());
            assertThat(v2.resolve()).isEqualTo(index.descriptor());
        }
        assertThat(Files.readString(target.resolve(LayoutNames.INDEX)))
                .contains("\"v2\"")
                .contains("\"v1\"")
                .doesNotContain(single.digest().toString());
    }

    @Test
    void abandonedCopyIntoANewLayoutRemovesIt() throws Exception {
        Path target = out.resolve("new-layout");
        try (ImageSource source = OciLayoutSource.open(layoutDir, "app:1.0");
                ImageDestination destination = OciLayoutDestination.create(target, "v1")) {
            Descriptor layer = single.layers().get(0);
            try (InputStream in = source.openBlob(layer);
                    BlobSink sink = destination.openBlob(layer)) {
                in.transferTo(sink);
                sink.commit();
            }
        }
        assertThat(names(out)).isEmpty();
    }

    @Test
    void locationsSplitAtTheFirstColon() {
        assertThat(ImageLocation.parse("oci-archive:/out/app.tar"))
                .isEqualTo(ImageLocation.of(Transport.OCI_ARCHIVE, Path.of("/out/app.tar"), null));
        assertThat(ImageLocation.parse("oci-archive:/out/app.tar:registry.corp:5000/team/app:1.0"))
                .isEqualTo(ImageLocation.of(
                        Transport.OCI_ARCHIVE, Path.of("/out/app.tar"), "registry.corp:5000/team/app:1.0"));
        assertThat(ImageLocation.parse("oci:dir:"))
                .isEqualTo(ImageLocation.of(Transport.OCI_LAYOUT, Path.of("dir"), null));
        assertThatThrownBy(() -> ImageLocation.parse("oci-archive::app"))
                .hasMessage("image location 'oci-archive::app': oci-archive:: a path is required");
        assertThatThrownBy(() -> ImageLocation.parse("docker-archive:"))
                .hasMessage("image location 'docker-archive:': docker-archive:: a path is required");
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
