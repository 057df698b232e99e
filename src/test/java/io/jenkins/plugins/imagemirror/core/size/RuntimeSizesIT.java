package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sizes core.size computes equal, byte for byte, what real containerd (ctr and the CRI ImageService), podman and
 * dockerd (overlay2 and vfs) report, and the files skopeo writes; the printed strings equal the tools' own. Images
 * carry symlinks (short and long), hardlinks, whiteouts, an opaque directory, empty files, non-ASCII names, a PAX
 * long path and a file rewritten in a later layer.
 */
class RuntimeSizesIT {
    private static Runtimes runtimes;
    private static Testbed bed;

    @BeforeAll
    static void bed() {
        bed = Testbed.get();
        runtimes = new Runtimes(bed);
    }

    @AfterAll
    static void close() {
        runtimes.close();
    }

    /** Base features, 1.3 MB of incompressible data (so sizes print in MB), then whiteouts and rewrites. */
    static List<byte[]> layers(String top) {
        byte[] noise = new byte[1_300_000];
        new Random(42).nextBytes(noise);
        byte[] data = new TestLayers()
                .dir("srv")
                .file("srv/noise.bin", noise)
                .hardlink("srv/noise-link", "srv/noise.bin")
                .file("srv/ünïcødé-📦.txt", "non-ascii")
                .tar();
        return List.of(
                LayerAnalyzerTest.baseLayer(),
                data,
                top.equals("upper")
                        ? LayerAnalyzerTest.upperLayer()
                        : new TestLayers()
                                .file("arm-only", new byte[777])
                                .file("app/.wh.big.bin", "")
                                .tar());
    }

    static final List<String> HISTORY = List.of(
            "ADD base.tar / # buildfile: layers[0]",
            "COPY noise.bin /srv/",
            "RUN rm -rf /app/big.bin /cache && echo b > /etc/config");

    @Test
    void singlePlatformImage(@TempDir Path tmp) throws Exception {
        TestImage image = new TestImage().platform("linux", "amd64", layers("upper"), HISTORY);
        String repo = "size-it/single-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = bed.plain() + "/" + repo + ":v1";
        new PlainRegistryPush(bed.plain()).push(image, repo, "v1");

        SizeReport report =
                new SizeReportCalculator(new LayerAnalyzer()).calculate(ref, null, image.images(), image, Set.of());
        RuntimeSizes expected = report.platforms().get(0).sizes();
        assertRuntimesReport(ref, report.platforms().get(0), tmp);

        // ociArchive and dockerArchive are the files image-mirror's copy writes (not skopeo's): proven for every
        // source kind, platform choice and name by ArchivePredictionPropertyTest and CopyCommandIT
        ReportSchema.assertValid(new SizeReportJsonWriter().toJsonText(report).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoPlatformIndexAsTheHostPullsIt(@TempDir Path tmp) throws Exception {
        TestImage image = new TestImage()
                .platform("linux", "amd64", layers("upper"), HISTORY)
                .platform("linux", "arm64", layers("arm"), HISTORY)
                .index();
        String repo = "size-it/multi-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = bed.plain() + "/" + repo + ":v1";
        new PlainRegistryPush(bed.plain()).push(image, repo, "v1");

        SizeReport report = new SizeReportCalculator(new LayerAnalyzer())
                .calculate(ref, image.indexBytes(), image.images(), image, Set.of());
        assertThat(report.platforms())
                .extracting(PlatformSizes::platform)
                .containsExactly("linux/amd64", "linux/arm64");
        PlatformSizes host = report.platforms().get(0);
        assertThat(host.indexBytes()).isEqualTo(image.indexBytes().length);
        assertRuntimesReport(ref, host, tmp);

        // the other platform, as an arm64 node would see it (docker and podman pull it by --platform here)
        RuntimeSizes arm = report.platforms().get(1).sizes();
        for (Runtimes.Docker daemon : Runtimes.Docker.values()) {
            String socket = daemon == Runtimes.Docker.OVERLAY2 ? bed.dockerHost() : bed.dockerVfsHost();
            runtimes.dockerReset(daemon);
            run("docker", "--host", socket, "pull", "--quiet", "--platform", "linux/arm64", ref);
            assertThat(Long.parseLong(run("docker", "--host", socket, "image", "inspect", "--format", "{{.Size}}", ref)
                            .trim()))
                    .as("docker " + daemon + " linux/arm64")
                    .isEqualTo(daemon == Runtimes.Docker.OVERLAY2 ? arm.docker() : arm.dockerVfs());
        }
        List<String> podman = podman(tmp.resolve("podman-arm"));
        run(concat(podman, "pull", "--quiet", "--tls-verify=false", "--platform", "linux/arm64", ref));
        String armPodman =
                run(concat(podman, "images", "--format", "{{.Size}}", ref)).trim();
        run(concat(podman, "system", "reset", "--force"));
        assertThat(armPodman).as("podman linux/arm64 SIZE").isEqualTo(SizeFormats.podman(arm.podman()));
        ReportSchema.assertValid(new SizeReportJsonWriter().toJsonText(report).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An image built by image-mirror (two platforms, FROM scratch), pushed and then copied registry to registry by
     * image-mirror's copier, sized straight from the registry (ImageSizer over the registry source).
     */
    @Test
    void imageBuiltByImageMirrorAndCopiedFromARegistry(@TempDir Path tmp) throws Exception {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.createDirectories(context.resolve("app/lib/ünïcødé"));
        byte[] noise = new byte[700_000];
        new Random(7).nextBytes(noise);
        Files.write(context.resolve("app/lib/ünïcødé/data.bin"), noise);
        Files.writeString(context.resolve("app/lib/empty.txt"), "");
        Files.writeString(context.resolve("app/" + "long-".repeat(30) + "name.txt"), "long path");
        Files.writeString(
                context.resolve("Dockerfile"),
                String.join(
                        "\n",
                        "FROM scratch",
                        "COPY app/lib /opt/lib/",
                        "COPY app/ /opt/app/",
                        "ENTRYPOINT [\"/opt/app/run\"]",
                        ""));
        var built = new io.jenkins.plugins.imagemirror.core.build.ImageBuilder(line -> {})
                .build(
                        new io.jenkins.plugins.imagemirror.core.build.BuildSpec(
                                context,
                                null,
                                null,
                                java.util.Map.of(),
                                List.of("linux/amd64", "linux/arm64"),
                                tmp.resolve("cache"),
                                tmp.resolve("layout"),
                                null,
                                null),
                        java.util.Map.of());
        String id = UUID.randomUUID().toString().substring(0, 8);
        String builtRef = bed.plain() + "/size-it/built-" + id + ":v1";
        String copiedRef = bed.plain() + "/size-it/copied-" + id + ":v1";
        var registries = io.jenkins.plugins.imagemirror.core.registry.Registries.defaults()
                .with(io.jenkins.plugins.imagemirror.core.registry.RegistrySettings.defaults(bed.plain())
                        .withPlainHttp(true));
        copy("oci:" + built.layout(), "docker://" + builtRef, registries);
        copy("docker://" + builtRef, "docker://" + copiedRef, registries);

        SizeReport report;
        var location = io.jenkins.plugins.imagemirror.core.transport.ImageLocation.parse("docker://" + copiedRef);
        try (var source = io.jenkins.plugins.imagemirror.core.transport.Transports.openSource(location, registries)) {
            report = new ImageSizer()
                    .size(copiedRef, source.resolve(), source::manifest, source::openBlob, null, Set.of());
        }
        System.out.println(new SizeReportTextWriter().toText(report));
        assertThat(report.index().digest().toString()).isEqualTo(built.digest());
        assertThat(report.platforms())
                .extracting(PlatformSizes::platform)
                .containsExactly("linux/amd64", "linux/arm64");
        assertThat(report.platforms().get(0).layers())
                .extracting(LayerStats::createdBy)
                .allSatisfy(by -> assertThat(by).startsWith("COPY"));
        assertRuntimesReport(copiedRef, report.platforms().get(0), tmp);
        ReportSchema.assertValid(new SizeReportJsonWriter().toJsonText(report).getBytes(StandardCharsets.UTF_8));
    }

    private static void copy(String from, String to, io.jenkins.plugins.imagemirror.core.registry.Registries registries)
            throws IOException {
        var copier = new io.jenkins.plugins.imagemirror.core.copy.ImageCopier(
                io.jenkins.plugins.imagemirror.core.copy.CopyOptions.defaults(),
                io.jenkins.plugins.imagemirror.core.copy.CopyListener.NONE);
        try (var source = io.jenkins.plugins.imagemirror.core.transport.Transports.openSource(
                        io.jenkins.plugins.imagemirror.core.transport.ImageLocation.parse(from), registries);
                var destination = io.jenkins.plugins.imagemirror.core.transport.Transports.openDestination(
                        io.jenkins.plugins.imagemirror.core.transport.ImageLocation.parse(to),
                        registries,
                        List.of(),
                        null)) {
            var result = copier.copy(source, List.of(destination));
            assertThat(result.allSucceeded())
                    .as("copy " + from + " -> " + to + ": " + result)
                    .isTrue();
        }
    }

    private void assertRuntimesReport(String ref, PlatformSizes platform, Path tmp) throws Exception {
        RuntimeSizes expected = platform.sizes();
        String ns = runtimes.freshNamespace();
        runtimes.ctrPull(ref, ns, false);
        assertThat(runtimes.ctrImageSize(ns, ref)).as("ctr images ls").isEqualTo(expected.containerd());
        assertThat(ctrPrintedSize(ns, ref)).as("ctr images ls SIZE").isEqualTo(SizeFormats.ctr(expected.containerd()));
        if (Files.getFileStore(bed.dir()).type().equals("ext4")) {
            // the estimate is exact for small directories (one 4 KiB block each), as in these images
            assertThat(snapshotUsage(ns, platform.layers()))
                    .as("ctr snapshots usage over the chain")
                    .isEqualTo(expected.containerdSnapshotEstimate());
        }

        runtimes.criReset();
        runtimes.criPull(ref);
        assertThat(runtimes.criImageSize(ref)).as("CRI ImageService sizeBytes").isEqualTo(expected.containerd());

        runtimes.podmanPull(ref);
        assertThat(runtimes.podmanImageSize(ref)).as("podman images .Size").isEqualTo(expected.podman());
        assertThat(podmanPrintedSize(ref, tmp))
                .as("podman images SIZE")
                .isEqualTo(SizeFormats.podman(expected.podman()));

        for (Runtimes.Docker daemon : Runtimes.Docker.values()) {
            runtimes.dockerReset(daemon);
            runtimes.dockerPull(daemon, ref);
            long want = daemon == Runtimes.Docker.OVERLAY2 ? expected.docker() : expected.dockerVfs();
            assertThat(runtimes.dockerImageSize(daemon, ref))
                    .as("docker " + daemon + " .Size")
                    .isEqualTo(want);
            assertThat(run(
                                    "docker",
                                    "--host",
                                    daemon == Runtimes.Docker.OVERLAY2 ? bed.dockerHost() : bed.dockerVfsHost(),
                                    "image",
                                    "ls",
                                    "--format",
                                    "{{.Size}}",
                                    ref)
                            .trim())
                    .as("docker " + daemon + " image ls SIZE")
                    .isEqualTo(SizeFormats.docker(want));
        }
    }

    /** Sum of {@code ctr snapshots usage -b} over the layers' chain IDs (containerd 1.6 has no snapshot du). */
    private long snapshotUsage(String ns, List<LayerStats> layers) throws Exception {
        long total = 0;
        String chain = null;
        for (LayerStats layer : layers) {
            chain = chain == null
                    ? layer.diffId().toString()
                    : io.jenkins.plugins.imagemirror.core.image.Digest.sha256(chain + " " + layer.diffId())
                            .toString();
            String out = run(
                    "ctr",
                    "--address",
                    bed.containerdSocket().toString(),
                    "--namespace",
                    ns,
                    "snapshots",
                    "usage",
                    "-b",
                    chain);
            String[] row = out.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
            total += Long.parseLong(row[1]);
        }
        return total;
    }

    private String ctrPrintedSize(String ns, String ref) throws Exception {
        for (String line : run("ctr", "--address", bed.containerdSocket().toString(), "--namespace", ns, "images", "ls")
                .lines()
                .skip(1)
                .toList()) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals(ref)) {
                return f[3] + " " + f[4];
            }
        }
        throw new AssertionError("ctr lists no " + ref);
    }

    /** podman's table shows the human size; read it from a root of our own (Runtimes keeps its root private). */
    private String podmanPrintedSize(String ref, Path tmp) throws Exception {
        List<String> podman = podman(tmp.resolve("podman"));
        run(concat(podman, "pull", "--quiet", "--tls-verify=false", ref));
        String printed =
                run(concat(podman, "images", "--format", "{{.Size}}", ref)).trim();
        run(concat(podman, "system", "reset", "--force"));
        return printed;
    }

    private static List<String> podman(Path root) {
        return List.of(
                "podman",
                "--root",
                root.resolve("root").toString(),
                "--runroot",
                root.resolve("run").toString(),
                "--storage-driver",
                "vfs",
                "--cgroup-manager",
                "cgroupfs",
                "--events-backend",
                "file",
                "--tmpdir",
                root.resolve("tmp").toString());
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
