package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged archives never crash, hang or get half-accepted: for any mutation of a good archive (bytes flipped,
 * overwritten, truncated), opening it and reading everything it names either succeeds with verified content or
 * fails with an {@link IOException}; never a RuntimeException or an Error.
 */
class ArchiveFuzzTest {
    private static Path dir;
    private static byte[] hybrid;
    private static byte[] docker;

    @BeforeContainer
    static void archives() throws IOException {
        dir = Files.createTempDirectory("archive-fuzz");
        OciLayoutWriter layout = OciLayoutWriter.open(dir.resolve("layout"));
        Manifest single = TestImages.image(layout, TestImages.AMD64, "fuzz");
        ImageIndex index = TestImages.twoPlatforms(layout, "fuzz");
        List<Descriptor> entries = List.of(
                OciLayoutWriter.named(single.descriptor(), "a:1"), OciLayoutWriter.named(index.descriptor(), "b:1"));
        layout.writeIndex(entries);
        try (OciLayoutReader reader = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(reader, entries, dir.resolve("hybrid.tar"));
            DockerArchiveWriter.write(reader, single, List.of("docker.io/library/a:1"), dir.resolve("docker.tar"));
        }
        hybrid = Files.readAllBytes(dir.resolve("hybrid.tar"));
        docker = Files.readAllBytes(dir.resolve("docker.tar"));
    }

    @AfterContainer
    static void delete() {
        StagingDirectory.deleteTree(dir);
    }

    /** A mutation: at {@code position} (a fraction of the length), {@code kind} 0 flips, 1 overwrites, 2 truncates. */
    record Mutation(double position, int kind, byte value) {
        byte[] apply(byte[] original) {
            int at = (int) (position * (original.length - 1));
            if (kind == 2) {
                return java.util.Arrays.copyOf(original, at);
            }
            byte[] copy = original.clone();
            copy[at] = kind == 0 ? (byte) (copy[at] ^ (1 << (value & 7))) : value;
            return copy;
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.bytes())
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300)
    void damagedHybridArchive(@ForAll("mutations") List<Mutation> mutations) throws Exception {
        Path file = write(mutate(hybrid, mutations));
        try (OciArchiveReader reader = OciArchiveReader.open(file)) {
            for (Descriptor entry : reader.entries()) {
                readAll(reader, entry);
            }
        } catch (IOException expected) {
            // rejected with a message: fine
        }
    }

    @Property(tries = 200)
    void damagedDockerArchive(@ForAll("mutations") List<Mutation> mutations) throws Exception {
        Path file = write(mutate(docker, mutations));
        try (DockerArchiveReader reader = DockerArchiveReader.open(file)) {
            Manifest manifest = reader.manifest(reader.select(null));
            drain(reader.openBlob(manifest.config()));
            for (Descriptor layer : manifest.layers()) {
                drain(reader.openBlob(layer));
            }
        } catch (IOException expected) {
            // rejected with a message: fine
        }
    }

    @Property(tries = 100)
    void randomBytes(@ForAll byte[] bytes) throws Exception {
        Path file = write(bytes);
        try (OciArchiveReader reader = OciArchiveReader.open(file)) {
            reader.entries();
        } catch (IOException expected) {
            // rejected with a message: fine
        }
    }

    private static void readAll(OciArchiveReader reader, Descriptor descriptor) throws IOException {
        ManifestContent content = reader.manifest(descriptor);
        if (content instanceof ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                readAll(reader, child);
            }
        } else {
            Manifest manifest = (Manifest) content;
            reader.readBlob(manifest.config());
            for (Descriptor layer : manifest.layers()) {
                drain(reader.openBlob(layer));
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static byte[] mutate(byte[] original, List<Mutation> mutations) {
        byte[] bytes = original;
        for (Mutation m : mutations) {
            if (bytes.length > 1) {
                bytes = m.apply(bytes);
            }
        }
        return bytes;
    }

    private static Path write(byte[] bytes) {
        try {
            Path file = dir.resolve("fuzzed.tar");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
