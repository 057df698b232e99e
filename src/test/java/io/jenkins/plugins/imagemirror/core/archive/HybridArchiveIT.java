package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives we write are accepted by the real tools of the test bed, and each tool reports our digests:
 * {@code ctr images import} (with and without {@code --all-platforms}, also into {@code k8s.io}), {@code docker load},
 * {@code podman load}, {@code skopeo inspect}. And the other way: archives the tools write are read by our readers.
 */
class HybridArchiveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SINGLE = "archive-it/single:1.0";
    private static final String MULTI = "127.0.0.1:5000/archive-it/multi:2.0";

    @TempDir
    static Path tmp;

    static Testbed bed;
    static Runtimes runtimes;
    static Manifest single;
    static ImageIndex multi;
    static Manifest multiHost;
    static Path singleArchive;
    static Path multiArchive;
    static Path dockerArchive;

    @BeforeAll
    static void writeArchives() throws IOException {
        bed = Testbed.get();
        runtimes = new Runtimes(bed);
        OciLayoutWriter layout = OciLayoutWriter.open(tmp.resolve("layout"));
        single = TestImages.image(layout, TestImages.AMD64, "single");
        multi = TestImages.twoPlatforms(layout, "multi");
        layout.writeIndex(List.of(
                OciLayoutWriter.named(single.descriptor(), SINGLE), OciLayoutWriter.named(multi.descriptor(), MULTI)));
        singleArchive = tmp.resolve("single.tar");
        multiArchive = tmp.resolve("multi.tar");
        dockerArchive = tmp.resolve("docker.tar");
        try (OciLayoutReader reader = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(reader, List.of(reader.find(SINGLE)), singleArchive);
            OciArchiveWriter.write(reader, List.of(reader.find(MULTI)), TestImages.AMD64, multiArchive);
            multiHost = (Manifest) reader.manifest(multi.find(TestImages.AMD64).orElseThrow());
            DockerArchiveWriter.write(reader, single, List.of("docker.io/archive-it/docker:3.0"), dockerArchive);
        }
    }

    @AfterAll
    static void cleanUp() {
        if (runtimes != null) {
            runtimes.close();
        }
        if (bed != null) {
            for (String host : List.of(bed.dockerHost(), bed.dockerVfsHost())) {
                // best effort: leave the shared dockerds as we found them
                try {
                    new ProcessBuilder(docker(
                                    host,
                                    "rmi",
                                    "--force",
                                    SINGLE,
                                    MULTI,
                                    "archive-it/docker:3.0",
                                    "archive-it/docker-types:1.0"))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor(60, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    System.err.println("leaving images in " + host + ": " + e);
                }
            }
        }
    }

    // ---- ctr / containerd ------------------------------------------------------------------------------------

    @Test
    void ctrImportsTheSinglePlatformArchiveUnderItsFullName() throws Exception {
        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(singleArchive, ns, false)).containsExactly("docker.io/" + SINGLE);
        assertThat(ctrDigest(ns, "docker.io/" + SINGLE))
                .isEqualTo(single.digest().toString());
    }

    @Test
    void ctrImportsTheIndexWithAndWithoutAllPlatforms() throws Exception {
        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(multiArchive, ns, false)).containsExactly(MULTI);
        assertThat(ctrDigest(ns, MULTI)).isEqualTo(multi.digest().toString());
        String all = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(multiArchive, all, true)).containsExactly(MULTI);
        assertThat(ctrDigest(all, MULTI)).isEqualTo(multi.digest().toString());
        // every platform's content arrived: the arm64 config is in the content store
        Descriptor arm = multi.find(TestImages.ARM64).orElseThrow();
        String armManifest = run(ctr(all, "content", "get", arm.digest().toString()));
        assertThat(armManifest).contains("\"config\"");
    }

    @Test
    void ctrImportsIntoTheCriNamespace() throws Exception {
        List<String> names = runtimes.criImport(singleArchive);
        try {
            assertThat(names).contains("docker.io/" + SINGLE);
            assertThat(ctrDigest(Runtimes.CRI_NAMESPACE, "docker.io/" + SINGLE))
                    .isEqualTo(single.digest().toString());
        } finally {
            run(ctr(Runtimes.CRI_NAMESPACE, "images", "rm", "--sync", "docker.io/" + SINGLE));
        }
    }

    // ---- docker ------------------------------------------------------------------------------------------------

    @Test
    void dockerLoadsTheHybridArchivesAndTheDockerArchive() throws Exception {
        assertThat(runtimes.dockerLoad(Runtimes.Docker.OVERLAY2, singleArchive)).containsExactly(SINGLE);
        assertThat(dockerId(SINGLE)).isEqualTo(single.config().digest().toString());
        // docker loads one platform of the index: the host's
        assertThat(runtimes.dockerLoad(Runtimes.Docker.OVERLAY2, multiArchive)).containsExactly(MULTI);
        assertThat(dockerId(MULTI)).isEqualTo(multiHost.config().digest().toString());
        assertThat(runtimes.dockerLoad(Runtimes.Docker.VFS, dockerArchive)).containsExactly("archive-it/docker:3.0");
        assertThat(run(docker(bed.dockerVfsHost(), "image", "inspect", "--format", "{{.Id}}", "archive-it/docker:3.0"))
                        .trim())
                .isEqualTo(single.config().digest().toString());
    }

    // ---- podman ------------------------------------------------------------------------------------------------

    @Test
    void podmanLoadsEachArchiveAndReportsOurDigests() throws Exception {
        JsonNode one = podmanLoad(singleArchive);
        assertThat(one.get("Digest").asText()).isEqualTo(single.digest().toString());
        assertThat(one.get("Id").asText()).isEqualTo(single.config().digest().hex());
        assertThat(one.get("Names").get(0).asText()).isEqualTo("docker.io/" + SINGLE);
        JsonNode index = podmanLoad(multiArchive);
        assertThat(index.get("Digest").asText()).isEqualTo(multi.digest().toString());
        assertThat(index.get("Id").asText())
                .isEqualTo(multiHost.config().digest().hex());
        assertThat(index.get("Names").get(0).asText()).isEqualTo(MULTI);
        JsonNode docker = podmanLoad(dockerArchive);
        assertThat(docker.get("Id").asText()).isEqualTo(single.config().digest().hex());
        assertThat(docker.get("Names").get(0).asText()).isEqualTo("docker.io/archive-it/docker:3.0");
    }

    // ---- skopeo ------------------------------------------------------------------------------------------------

    @Test
    void skopeoInspectsTheArchivesByPathAndByRef() throws Exception {
        assertThat(skopeoDigest("oci-archive:" + singleArchive))
                .isEqualTo(single.digest().toString());
        assertThat(skopeoDigest("oci-archive:" + singleArchive + ":" + SINGLE))
                .isEqualTo(single.digest().toString());
        assertThat(run(List.of("skopeo", "inspect", "--raw", "oci-archive:" + singleArchive)))
                .isEqualTo(new String(single.bytes(), StandardCharsets.UTF_8));
        assertThat(skopeoDigest("oci-archive:" + multiArchive + ":" + MULTI))
                .isEqualTo(multi.digest().toString());
        assertThat(run(List.of("skopeo", "inspect", "--raw", "oci-archive:" + multiArchive)))
                .isEqualTo(new String(multi.bytes(), StandardCharsets.UTF_8));
        // the same file read as a docker-archive (its manifest.json): skopeo sees our config
        assertThat(run(List.of("skopeo", "inspect", "--config", "--raw", "docker-archive:" + singleArchive)))
                .isEqualTo(new String(
                        Files.readAllBytes(tmp.resolve("layout")
                                .resolve(LayoutNames.blobPath(single.config().digest()))),
                        StandardCharsets.UTF_8));
    }

    // ---- Docker media types (what Docker Hub serves) ---------------------------------------------------------------

    @Test
    void dockerTypedManifestListIsAcceptedByEveryTool() throws Exception {
        OciLayoutWriter layout = OciLayoutWriter.open(tmp.resolve("docker-types"));
        ImageIndex list = TestImages.twoPlatforms(layout, "docker-types", true);
        String name = "archive-it/docker-types:1.0";
        layout.writeIndex(List.of(OciLayoutWriter.named(list.descriptor(), name)));
        Path archive = tmp.resolve("docker-types.tar");
        Manifest host;
        try (OciLayoutReader reader = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(reader, reader.entries(), TestImages.AMD64, archive);
            host = (Manifest) reader.manifest(list.find(TestImages.AMD64).orElseThrow());
        }
        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(archive, ns, true)).containsExactly("docker.io/" + name);
        assertThat(ctrDigest(ns, "docker.io/" + name)).isEqualTo(list.digest().toString());
        assertThat(runtimes.dockerLoad(Runtimes.Docker.OVERLAY2, archive)).containsExactly(name);
        assertThat(dockerId(name)).isEqualTo(host.config().digest().toString());
        JsonNode podman = podmanLoad(archive);
        assertThat(podman.get("Digest").asText()).isEqualTo(list.digest().toString());
        assertThat(skopeoDigest("oci-archive:" + archive))
                .isEqualTo(list.digest().toString());
    }

    // ---- the other way: what the tools write, we read ----------------------------------------------------------

    @Test
    void weReadWhatSkopeoWrites() throws Exception {
        Path skopeoTar = tmp.resolve("by-skopeo.tar");
        run(List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--all",
                "oci-archive:" + multiArchive,
                "oci-archive:" + skopeoTar + ":copied"));
        try (OciArchiveReader reader = OciArchiveReader.open(skopeoTar)) {
            Descriptor root = reader.find("copied");
            assertThat(root.digest()).isEqualTo(multi.digest());
            for (Descriptor child : ((ImageIndex) reader.manifest(root)).manifests()) {
                Manifest m = (Manifest) reader.manifest(child);
                reader.readBlob(m.config());
                reader.openBlob(m.layers().get(0)).transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        Path skopeoDocker = tmp.resolve("by-skopeo-docker.tar");
        run(List.of(
                "skopeo",
                "copy",
                "--quiet",
                "oci-archive:" + singleArchive,
                "docker-archive:" + skopeoDocker + ":archive-it/skopeo:1"));
        try (DockerArchiveReader reader = DockerArchiveReader.open(skopeoDocker)) {
            Manifest m = reader.manifest(reader.select("archive-it/skopeo:1"));
            assertThat(m.config().digest()).isEqualTo(single.config().digest());
            // skopeo stores docker-archive layers uncompressed: the layer digest is the config's diff_id
            assertThat(m.layers()).singleElement().satisfies(l -> {
                assertThat(l.mediaType()).isEqualTo(io.jenkins.plugins.imagemirror.core.image.MediaType.OCI_LAYER_TAR);
                assertThat(l.digest()).isEqualTo(diffId(single));
            });
        }
    }

    @Test
    void weReadWhatDockerSaveAndCtrExportWrite() throws Exception {
        runtimes.dockerLoad(Runtimes.Docker.VFS, singleArchive);
        Path saved = tmp.resolve("docker-save.tar");
        run(docker(bed.dockerVfsHost(), "save", "-o", saved.toString(), SINGLE));
        try (DockerArchiveReader reader = DockerArchiveReader.open(saved)) {
            Manifest m = reader.manifest(reader.select(SINGLE));
            assertThat(m.config().digest()).isEqualTo(single.config().digest());
            // docker 20.10 saves layers uncompressed: the layer digest is the config's diff_id
            assertThat(m.layers()).singleElement().satisfies(l -> {
                assertThat(l.mediaType()).isEqualTo(io.jenkins.plugins.imagemirror.core.image.MediaType.OCI_LAYER_TAR);
                assertThat(l.digest()).isEqualTo(diffId(single));
            });
        }
        String ns = runtimes.freshNamespace();
        runtimes.ctrImport(multiArchive, ns, true);
        Path exported = tmp.resolve("ctr-export.tar");
        run(ctr(ns, "images", "export", "--all-platforms", exported.toString(), MULTI));
        try (OciArchiveReader reader = OciArchiveReader.open(exported)) {
            assertThat(reader.find(MULTI).digest()).isEqualTo(multi.digest());
        }
    }

    @Test
    void weReadWhatPodmanSaveWrites() throws Exception {
        Path oci = tmp.resolve("podman-oci.tar");
        Path docker = tmp.resolve("podman-docker.tar");
        podman(
                singleArchive,
                List.of(
                        List.of("save", "--format", "oci-archive", "-o", oci.toString(), "docker.io/" + SINGLE),
                        List.of("save", "--format", "docker-archive", "-o", docker.toString(), "docker.io/" + SINGLE)));
        try (OciArchiveReader reader = OciArchiveReader.open(oci)) {
            Manifest m = (Manifest) reader.manifest(reader.find(null));
            assertThat(m.config().digest()).isEqualTo(single.config().digest());
            reader.openBlob(m.layers().get(0)).transferTo(java.io.OutputStream.nullOutputStream());
        }
        try (DockerArchiveReader reader = DockerArchiveReader.open(docker)) {
            Manifest m = reader.manifest(reader.select("docker.io/" + SINGLE));
            assertThat(m.config().digest()).isEqualTo(single.config().digest());
            assertThat(m.layers().get(0).digest()).isEqualTo(diffId(single));
        }
    }

    private static io.jenkins.plugins.imagemirror.core.image.Digest diffId(Manifest manifest) throws IOException {
        return io.jenkins.plugins.imagemirror.core.image.ImageConfig.parse(Files.readAllBytes(tmp.resolve("layout")
                        .resolve(LayoutNames.blobPath(manifest.config().digest()))))
                .diffIds()
                .get(0);
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private static String ctrDigest(String namespace, String ref) throws Exception {
        for (String line : run(ctr(namespace, "images", "ls")).lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals(ref)) {
                return f[2];
            }
        }
        throw new AssertionError("ctr lists no " + ref + " in namespace " + namespace);
    }

    private static List<String> ctr(String namespace, String... args) {
        List<String> argv = new ArrayList<>(
                List.of("ctr", "--address", bed.containerdSocket().toString(), "--namespace", namespace));
        argv.addAll(List.of(args));
        return argv;
    }

    private static List<String> docker(String host, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker", "--host", host));
        argv.addAll(List.of(args));
        return argv;
    }

    private static String dockerId(String ref) throws Exception {
        return run(docker(bed.dockerHost(), "image", "inspect", "--format", "{{.Id}}", ref))
                .trim();
    }

    private static String skopeoDigest(String ref) throws Exception {
        return JSON.readTree(run(List.of("skopeo", "inspect", ref)))
                .get("Digest")
                .asText();
    }

    /** {@code podman load} into a fresh root; returns the one image podman then lists. */
    private static JsonNode podmanLoad(Path archive) throws Exception {
        return podman(archive, List.of());
    }

    /**
     * {@code podman load} into a fresh root, then each of {@code more} (podman arguments) in that root; returns the
     * one image podman then lists.
     */
    private static JsonNode podman(Path archive, List<List<String>> more) throws Exception {
        Path root = Files.createTempDirectory(tmp, "podman-");
        Path runRoot = Files.createTempDirectory("ar-podman-"); // podman wants a short runroot path
        try {
            List<String> podman = List.of(
                    "podman",
                    "--root",
                    root.resolve("root").toString(),
                    "--runroot",
                    runRoot.toString(),
                    "--storage-driver",
                    "vfs",
                    "--cgroup-manager",
                    "cgroupfs",
                    "--events-backend",
                    "file",
                    "--tmpdir",
                    root.resolve("tmp").toString());
            List<String> load = new ArrayList<>(podman);
            load.addAll(List.of("load", "-i", archive.toString()));
            run(load);
            for (List<String> args : more) {
                List<String> command = new ArrayList<>(podman);
                command.addAll(args);
                run(command);
            }
            List<String> images = new ArrayList<>(podman);
            images.addAll(List.of("images", "--format", "json"));
            JsonNode list = JSON.readTree(run(images));
            assertThat(list).hasSize(1);
            return list.get(0);
        } finally {
            StagingDirectory.deleteTree(runRoot);
            StagingDirectory.deleteTree(root);
        }
    }

    private static String run(List<String> argv) throws Exception {
        Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
        Process process =
                new ProcessBuilder(argv).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    String.join(" ", argv) + " exited " + process.exitValue() + ": " + Files.readString(stderr));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
