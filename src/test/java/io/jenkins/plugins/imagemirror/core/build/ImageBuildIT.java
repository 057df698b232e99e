package io.jenkins.plugins.imagemirror.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.imagemirror.core.copy.CopyOptions;
import io.jenkins.plugins.imagemirror.core.copy.CopyResult;
import io.jenkins.plugins.imagemirror.core.copy.ImageCopier;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.registry.Registries;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.transport.ImageDestination;
import io.jenkins.plugins.imagemirror.core.transport.OciArchiveDestination;
import io.jenkins.plugins.imagemirror.core.transport.OciLayoutSource;
import io.jenkins.plugins.imagemirror.core.transport.RegistryDestination;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample image built without a daemon, pushed by the engine, pulled into real containerd, podman and dockerd:
 * each shows the entrypoint, cmd, env, user, workdir, labels, ports and files (owners, modes) the Dockerfile says.
 */
class ImageBuildIT {
    private static final Testbed BED = Testbed.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What every runtime must show: the sample Dockerfile's files, "path mode uid:gid". */
    private static final List<String> FILES = List.of(
            "etc 755 0:0",
            "etc/sample 755 0:0",
            "etc/sample/app.properties 640 0:1000",
            "opt 755 0:0",
            "opt/app 755 1000:1000",
            "opt/app/README.txt 644 1000:1000",
            "opt/app/bin 755 1000:1000",
            "opt/app/bin/sample 755 1000:1000",
            "opt/app/conf 755 1000:1000",
            "opt/app/conf/app.properties 644 1000:1000",
            "srv 755 0:0",
            "srv/site 755 0:0",
            "srv/site/index.html 644 0:0");

    private static Runtimes runtimes;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        runtimes = new Runtimes(BED);
    }

    @AfterAll
    static void stop() {
        runtimes.close();
    }

    private static Registries registries() throws IOException {
        Registries r = Registries.defaults();
        return r.with(r.settings(BED.plain()).withPlainHttp(true))
                .with(r.settings(BED.tls())
                        .withCaCertificatePem(Files.readString(BED.caCert()))
                        .withCredentials(new RegistryCredentials(BED.tlsUser(), BED.tlsPass())));
    }

    private BuildResult buildSample(List<String> platforms) throws Exception {
        BuildSpec spec = new BuildSpec(
                SampleImageTest.SAMPLE,
                null,
                null,
                Map.of("VERSION", "1.2.3"),
                platforms,
                tmp.resolve("cache"),
                tmp.resolve("out"),
                null,
                new EngineBaseImages(registries(), null));
        return new ImageBuilder(line -> {}).build(spec, Map.of());
    }

    private CopyResult push(BuildResult result, List<ImageDestination> destinations) throws IOException {
        try (OciLayoutSource source = OciLayoutSource.open(result.layout(), null)) {
            CopyResult copy = new ImageCopier(CopyOptions.defaults(), null).copy(source, destinations);
            assertThat(copy.allSucceeded()).as(copy.toString()).isTrue();
            return copy;
        } finally {
            for (ImageDestination d : destinations) {
                d.close();
            }
        }
    }

    private static String repo() {
        return "it/build-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void sampleImageInContainerdPodmanAndDocker() throws Exception {
        BuildResult result = buildSample(List.of("linux/amd64"));
        String ref = BED.plain() + "/" + repo() + ":1.2.3";
        push(result, List.of(new RegistryDestination(registries(), ImageReference.parse(ref), List.of())));
        assertThat(Digest.sha256(runtimes.skopeoInspectRaw(ref)).toString()).isEqualTo(result.digest());

        // containerd: pull, mount the unpacked snapshot read-only, read owners and modes
        String ns = runtimes.freshNamespace();
        runtimes.ctrPull(ref, ns, false);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        List<String> ctr = List.of("ctr", "--address", BED.containerdSocket().toString(), "--namespace", ns);
        run(concat(ctr, "images", "mount", "--rw=false", ref, mnt.toString()));
        try {
            assertThat(tree(mnt)).isEqualTo(FILES);
        } finally {
            run(concat(ctr, "images", "unmount", mnt.toString()));
        }
        JsonNode ctrConfig = JSON.readTree(
                run(concat(ctr, "content", "get", result.images().get(0).configDigest())));
        assertSampleConfig(ctrConfig.get("config"), true);

        // podman: pull into the bed's root, inspect, mount
        List<String> podman = new ArrayList<>(List.of("podman"));
        podman.addAll(BED.podmanArgs());
        run(concat(podman, "pull", "--quiet", "--tls-verify=false", ref));
        assertSampleConfig(
                JSON.readTree(run(concat(podman, "image", "inspect", ref)))
                        .get(0)
                        .get("Config"),
                false);
        Path podmanRoot = Path.of(run(concat(podman, "image", "mount", ref)).strip());
        try {
            assertThat(tree(podmanRoot)).isEqualTo(FILES);
        } finally {
            run(concat(podman, "image", "unmount", ref));
            run(concat(podman, "rmi", "--force", ref));
        }

        // dockerd (overlay2): pull, inspect, export a created (never started) container
        List<String> docker = List.of("docker", "--host", BED.dockerHost());
        Map<String, String> env =
                Map.of("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
        run(concat(docker, "pull", "--quiet", ref), env);
        assertSampleConfig(
                JSON.readTree(run(concat(docker, "image", "inspect", ref), env))
                        .get(0)
                        .get("Config"),
                true);
        String container = run(concat(docker, "create", ref), env).strip();
        try {
            Path export = tmp.resolve("export.tar");
            run(concat(docker, "export", "--output", export.toString(), container), env);
            List<String> exported = new ArrayList<>();
            for (String line : run(List.of("tar", "--numeric-owner", "-tvf", export.toString()))
                    .lines()
                    .toList()) {
                String[] f = line.trim().split("\\s+");
                String name = f[5].replaceAll("/$", "");
                if (FILES.stream().anyMatch(e -> e.startsWith(name + " "))) {
                    exported.add(name + " " + mode(f[0]) + " " + f[1].replace('/', ':'));
                }
            }
            assertThat(exported).isEqualTo(FILES);
        } finally {
            run(concat(docker, "rm", "--force", container), env);
            run(concat(docker, "rmi", "--force", ref), env);
        }
    }

    @Test
    void twoPlatformsOneDigestInTwoRegistriesAndAnArchiveCtrImports() throws Exception {
        BuildResult result = buildSample(List.of("linux/amd64", "linux/arm64"));
        String repository = repo();
        String plain = BED.plain() + "/" + repository + ":1.2.3";
        String tls = BED.tls() + "/" + repository + ":1.2.3";
        Path archive = tmp.resolve("sample.tar");
        push(
                result,
                List.of(
                        new RegistryDestination(registries(), ImageReference.parse(plain), List.of()),
                        new RegistryDestination(registries(), ImageReference.parse(tls), List.of()),
                        OciArchiveDestination.create(archive, "sample:1.2.3")));
        byte[] index = runtimes.skopeoInspectRaw(plain);
        assertThat(Digest.sha256(index).toString()).isEqualTo(result.digest());
        assertThat(Digest.sha256(runtimes.skopeoInspectRaw(tls)).toString()).isEqualTo(result.digest());
        JsonNode manifests = JSON.readTree(index).get("manifests");
        assertThat(manifests).hasSize(2);
        assertThat(manifests.get(0).get("platform").toString())
                .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertThat(manifests.get(1).get("platform").toString())
                .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\"}");
        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(archive, ns, true)).isNotEmpty();
        String listed =
                run(List.of("ctr", "--address", BED.containerdSocket().toString(), "--namespace", ns, "images", "ls"));
        assertThat(listed).contains(result.digest()).contains("linux/amd64,linux/arm64");
    }

    @Test
    void buildsOnABaseInATlsRegistryWithCredentialsThroughTheEngine() throws Exception {
        BuildResult base = buildSample(List.of("linux/amd64", "linux/arm64"));
        String baseRef = BED.tls() + "/" + repo() + ":base";
        push(base, List.of(new RegistryDestination(registries(), ImageReference.parse(baseRef), List.of())));
        Path context = Files.createDirectories(tmp.resolve("child"));
        Files.writeString(context.resolve("plugin.txt"), "plugin\n");
        Files.writeString(
                context.resolve("Dockerfile"),
                "ARG BASE\nFROM $BASE\nCOPY plugin.txt plugins/\n" + "CMD [\"--port\", \"9090\"]\n");
        BuildSpec spec = new BuildSpec(
                context,
                null,
                null,
                Map.of("BASE", baseRef),
                List.of("linux/arm64"),
                tmp.resolve("child-cache"),
                tmp.resolve("child-out"),
                null,
                new EngineBaseImages(registries(), null));
        BuildResult child = new ImageBuilder(line -> {}).build(spec, Map.of());
        List<BuildResult.Layer> layers = child.images().get(0).layers();
        List<BuildResult.Layer> baseLayers = base.images().get(1).layers();
        assertThat(layers.subList(0, 3))
                .extracting(BuildResult.Layer::digest)
                .isEqualTo(baseLayers.stream().map(BuildResult.Layer::digest).toList());
        // the base's ONBUILD trigger runs right after FROM, then the Dockerfile's COPY
        assertThat(layers.subList(3, 5))
                .extracting(BuildResult.Layer::createdBy, BuildResult.Layer::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("COPY . /opt/app/plugins/", 2),
                        org.assertj.core.groups.Tuple.tuple("COPY plugin.txt plugins/", 3));
        JsonNode config =
                ImageBuilderTest.blob(child.layout(), child.images().get(0).configDigest());
        assertThat(config.at("/config/Entrypoint").toString()).isEqualTo("[\"/opt/app/bin/sample\"]");
        assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"--port\",\"9090\"]");
        assertThat(config.at("/architecture").asText()).isEqualTo("arm64");
        assertThat(config.at("/config/OnBuild").isMissingNode()).isTrue();
        String childRef = BED.plain() + "/" + repo() + ":child";
        push(child, List.of(new RegistryDestination(registries(), ImageReference.parse(childRef), List.of())));
        assertThat(Digest.sha256(runtimes.skopeoInspectRaw(childRef)).toString())
                .isEqualTo(child.digest());
        BuildResult again = new ImageBuilder(line -> {}).build(spec, Map.of());
        assertThat(again.digest()).isEqualTo(child.digest());
        assertThat(again.images().get(0).layers()).noneMatch(BuildResult.Layer::compressed);
    }

    @Test
    void rootFileSystemWithLinksUnpacksInContainerd() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("rootfs"));
        ImageBuilderTest.rootfs(context.resolve("rootfs.tar.gz"), false);
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nADD rootfs.tar.gz /\nCMD [\"/bin/sh\"]\n");
        BuildSpec spec = new BuildSpec(
                context,
                null,
                null,
                Map.of(),
                List.of("linux/amd64"),
                tmp.resolve("cache"),
                tmp.resolve("out"),
                null,
                new EngineBaseImages(registries(), null));
        BuildResult result = new ImageBuilder(line -> {}).build(spec, Map.of());
        String ref = BED.plain() + "/" + repo() + ":rootfs";
        push(result, List.of(new RegistryDestination(registries(), ImageReference.parse(ref), List.of())));
        List<String> expected =
                List.of("bin 755 0:0 d", "bin/busybox 4755 0:0 f", "bin/ls 4755 0:0 f", "bin/sh 777 0:0 l busybox");

        String ns = runtimes.freshNamespace();
        runtimes.ctrPull(ref, ns, false);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        List<String> ctr = List.of("ctr", "--address", BED.containerdSocket().toString(), "--namespace", ns);
        run(concat(ctr, "images", "mount", "--rw=false", ref, mnt.toString()));
        try {
            String out = run(List.of("find", mnt.toString(), "-mindepth", "1", "-printf", "%P %m %U:%G %y %l\\n"));
            assertThat(out.lines().map(String::strip).sorted().toList()).isEqualTo(expected);
            assertThat(run(List.of("stat", "-c", "%h", mnt.resolve("bin/ls").toString()))
                            .strip())
                    .isEqualTo("2");
        } finally {
            run(concat(ctr, "images", "unmount", mnt.toString()));
        }
    }

    @Test
    void runFailsFastAndNothingIsPushed() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /app\n# build it\nRUN make\n");
        String ref = BED.plain() + "/" + repo() + ":1";
        BuildSpec spec = new BuildSpec(
                context,
                null,
                null,
                Map.of(),
                List.of(),
                tmp.resolve("cache"),
                tmp.resolve("out"),
                null,
                new EngineBaseImages(registries(), null));
        assertThatThrownBy(() -> new ImageBuilder(line -> {}).build(spec, Map.of()))
                .isInstanceOf(BuildInputException.class)
                .hasMessage("Dockerfile:4: RUN needs a container runtime; image-mirror builds without one: do the "
                        + "work in an earlier pipeline step and COPY its output");
        // "fast": refused while planning, before any layer is written or anything pushed (no elapsed-time bound)
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThatThrownBy(() -> runtimes.skopeoInspectRaw(ref)).hasMessageContaining("manifest unknown");
    }

    private static void assertSampleConfig(JsonNode config, boolean docker) {
        assertThat(config.get("Entrypoint").toString()).isEqualTo("[\"/opt/app/bin/sample\"]");
        assertThat(config.get("Cmd").toString()).isEqualTo("[\"--port\",\"8080\"]");
        assertThat(config.get("Env").toString())
                .isEqualTo("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                        + "/sbin:/bin\",\"APP_HOME=/opt/app\",\"APP_VERSION=1.2.3\"]");
        assertThat(config.get("User").asText()).isEqualTo("1000:1000");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/opt/app");
        assertThat(config.get("Labels").toString())
                .isEqualTo("{\"org.opencontainers.image.title\":\"image-mirror "
                        + "sample\",\"org.opencontainers.image.version\":\"1.2.3\"}");
        assertThat(config.get("ExposedPorts").toString()).isEqualTo("{\"8080/tcp\":{},\"8125/udp\":{}}");
        assertThat(config.get("Volumes").toString()).isEqualTo("{\"/var/lib/sample\":{}}");
        assertThat(config.get("StopSignal").asText()).isEqualTo("SIGTERM");
        if (docker) {
            assertThat(config.get("Healthcheck").get("Test").toString())
                    .isEqualTo("[\"CMD\",\"/opt/app/bin/sample\",\"--health\"]");
        }
    }

    /** "path mode uid:gid" of everything below root, sorted. */
    private static List<String> tree(Path root) throws IOException, InterruptedException {
        String out = run(List.of("find", root.toString(), "-mindepth", "1", "-printf", "%P %m %U:%G\\n"));
        return out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    private static String mode(String permissions) {
        int mode = 0;
        for (int i = 1; i < 10; i++) {
            mode = mode * 2 + (permissions.charAt(i) == '-' ? 0 : 1);
        }
        return Integer.toOctalString(mode);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        return run(argv, Map.of());
    }

    private static String run(List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err = new byte[0];
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return out;
    }
}
