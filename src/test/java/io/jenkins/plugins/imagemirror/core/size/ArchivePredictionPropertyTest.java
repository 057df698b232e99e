package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.archive.DockerArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.OciArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.transport.ArchiveName;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageSource;
import io.jenkins.plugins.imagemirror.core.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every source kind (OCI layout, oci-archive, docker-archive; a build is copied from its layout), platform
 * choice and name (none: the source's; long, non-ASCII, by digest), the size report's predicted archive files are
 * exactly the files the copier writes with the same choices: the whole choice ({@code archives}) and each reported
 * platform alone ({@code copy --platform P}).
 */
class ArchivePredictionPropertyTest {
    private static final List<String[]> PLATFORMS =
            List.of(new String[] {"linux", "amd64"}, new String[] {"linux", "arm64"}, new String[] {"linux", "s390x"});

    /** What one trial varies. */
    record Trial(long seed, int platforms, boolean index, String sourceKind, String name, List<Integer> filter) {}

    @Provide
    Arbitrary<Trial> trials() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.just((String) null),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .ofMinLength(1)
                        .ofMaxLength(12)
                        .map(s -> "registry.corp:5000/team/" + s + ":1.0"),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .ofMinLength(101)
                        .ofMaxLength(220)
                        .map(s -> "registry.corp/" + s + ":v2"),
                Arbitraries.strings().withChars("aé中📦-_.").ofMinLength(1).ofMaxLength(40),
                Arbitraries.just("registry.corp/team/app@sha256:" + "ab".repeat(32)));
        return Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.of(true, false),
                        Arbitraries.of("oci:", "oci-archive:", "docker-archive:"),
                        names,
                        Arbitraries.integers().between(0, 2).list().ofMaxSize(3))
                .as(Trial::new);
    }

    @Property(tries = 60)
    void predictedArchivesAreTheFilesCopyWrites(@ForAll("trials") Trial trial) throws IOException {
        Path dir = Files.createTempDirectory("prediction");
        try {
            run(trial, dir);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(Trial trial, Path dir) throws IOException {
        Random random = new Random(trial.seed());
        boolean docker = trial.sourceKind().equals("docker-archive:");
        int count = docker ? 1 : trial.platforms();
        TestImage image = new TestImage();
        int first = random.nextInt(PLATFORMS.size()); // not always the host's platform first
        for (int i = 0; i < count; i++) {
            String[] p = PLATFORMS.get((first + i) % PLATFORMS.size());
            image.platform(p[0], p[1], layers(random), List.of("a", "b", "c", "d"));
        }
        if (!docker && (count > 1 || trial.index())) {
            image.index();
        }
        Path layout = image.writeLayout(dir.resolve("layout"), "registry.corp/source/app:" + trial.seed());
        String source = sourceLocation(trial, image, layout, dir);
        List<Platform> filter = new ArrayList<>();
        for (int i : trial.filter()) {
            String[] chosen = PLATFORMS.get((first + i % count) % PLATFORMS.size());
            Platform p = Platform.of(chosen[0], chosen[1]);
            if (!filter.contains(p)) {
                filter.add(p);
            }
        }
        boolean namedByReference = trial.name() == null || trial.name().contains("/");

        SizeReport report = predict(source, trial.name(), "oci-archive:" + dir.resolve("x.tar"), filter);
        assertThat(write(source, "oci-archive:" + dir.resolve("all.tar"), trial.name(), filter))
                .as("oci-archive, platforms %s, name %s", filter, trial.name())
                .isEqualTo(report.archives().ociArchive());
        if (report.archives().dockerArchive() != null && namedByReference) {
            assertThat(write(source, "docker-archive:" + dir.resolve("all-docker.tar"), trial.name(), filter))
                    .as("docker-archive, platforms %s, name %s", filter, trial.name())
                    .isEqualTo(report.archives().dockerArchive());
        }
        for (PlatformSizes p : report.platforms()) {
            List<Platform> one = List.of(Platform.parse(p.platform()));
            assertThat(write(
                            source,
                            "oci-archive:" + dir.resolve(p.platform().replace('/', '-') + ".tar"),
                            trial.name(),
                            one))
                    .as("oci-archive --platform %s, name %s", p.platform(), trial.name())
                    .isEqualTo(p.sizes().ociArchive());
            if (namedByReference) {
                assertThat(write(
                                source,
                                "docker-archive:" + dir.resolve(p.platform().replace('/', '-') + "-d.tar"),
                                trial.name(),
                                one))
                        .as("docker-archive --platform %s, name %s", p.platform(), trial.name())
                        .isEqualTo(p.sizes().dockerArchive());
            }
        }
    }

    /** Layers of random sizes and content (incompressible or not), 1 to 3 of them. */
    private static List<byte[]> layers(Random random) {
        List<byte[]> tars = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[random.nextInt(5000)];
            if (random.nextBoolean()) {
                random.nextBytes(data);
            }
            tars.add(new TestLayers()
                    .dir("d" + i)
                    .file("d" + i + "/f-" + random.nextInt(1000), data)
                    .tar());
        }
        return tars;
    }

    private static String sourceLocation(Trial trial, TestImage image, Path layout, Path dir) throws IOException {
        switch (trial.sourceKind()) {
            case "oci:" -> {
                return "oci:" + layout;
            }
            case "oci-archive:" -> {
                Path archive = dir.resolve("source.tar");
                try (OciLayoutReader reader = OciLayoutReader.open(layout)) {
                    OciArchiveWriter.write(reader, reader.entries(), archive);
                }
                return "oci-archive:" + archive;
            }
            default -> {
                Path archive = dir.resolve("source-docker.tar");
                try (OciLayoutReader reader = OciLayoutReader.open(layout)) {
                    Manifest manifest = (Manifest) io.jenkins.plugins.imagemirror.core.image.ManifestContent.parse(
                            reader.readBlob(reader.entries().get(0)), null);
                    DockerArchiveWriter.write(reader, manifest, List.of("registry.corp/source/app:1"), archive);
                }
                return "docker-archive:" + archive;
            }
        }
    }

    /** The report sizes predicts for copying {@code source} to {@code destination} (named as copy names it). */
    private static SizeReport predict(String source, String name, String destination, List<Platform> filter)
            throws IOException {
        ImageLocation location = ImageLocation.parse(source);
        try (ImageSource src = Transports.openSource(location, Registries.defaults())) {
            String archiveName =
                    ArchiveName.of(withName(destination, name), src.imageName()).name();
            return new ImageSizer()
                    .size(source, archiveName, src.resolve(), src::manifest, src::openBlob, filter, Set.of());
        }
    }

    /** Copies as the CLI does, and returns the size of the file written. */
    private static long write(String source, String destination, String name, List<Platform> filter)
            throws IOException {
        ImageLocation to = withName(destination, name);
        try (ImageSource src = Transports.openSource(ImageLocation.parse(source), Registries.defaults());
                ImageDestination dst = Transports.openDestination(
                        to,
                        Registries.defaults(),
                        List.of(),
                        filter.isEmpty() ? null : filter.get(0),
                        src.imageName())) {
            CopyResult result =
                    new ImageCopier(CopyOptions.defaults().withPlatforms(filter), null).copy(src, List.of(dst));
            assertThat(result.allSucceeded())
                    .as(String.valueOf(result.destinations()))
                    .isTrue();
        }
        return Files.size(Path.of(to.path()));
    }

    private static ImageLocation withName(String destination, String name) {
        ImageLocation location = ImageLocation.parse(destination);
        return new ImageLocation(location.transport(), null, location.path(), name);
    }
}
