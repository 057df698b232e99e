package io.jenkins.plugins.imagemirror.jenkins.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.transport.OciArchiveSource;
import io.jenkins.plugins.imagemirror.jenkins.ImageOutcome;
import io.jenkins.plugins.imagemirror.jenkins.RegistryLogin;
import io.jenkins.plugins.imagemirror.jenkins.RegistryProfile;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the top-level Jenkinsfile and every Jenkinsfile in docs/ with JenkinsPipelineUnit and the plugin's real step
 * code against the test bed: {@code docker.io} is configured as a registry name pointing at the plain registry
 * (a pull-through mirror in real life) where the "upstream" images are seeded; {@code corp} and {@code ci} are the
 * TLS + Basic-auth registry. Asserts pushed digests (read back from the registry), archived artifacts, and that no
 * secret appears in the log, the artifacts, the reports or the returned maps.
 */
class PipelineExamplesIT {
    static final Set<String> COVERED = new TreeSet<>();
    static final SeedImage NGINX = seed("nginx");
    static final SeedImage MAVEN = seed("maven");
    static final SeedImage REDIS = seed("redis");

    @TempDir
    Path dir;

    PipelineRun run;

    @BeforeAll
    static void seedUpstream() throws IOException {
        RegistryClient plain = new RegistryClient(
                RegistrySettings.defaults(Testbed.get().plain()).withPlainHttp(true));
        NGINX.push(plain, "library/nginx", "1.27");
        MAVEN.push(plain, "library/maven", "3.9-eclipse-temurin-17");
        REDIS.push(plain, "library/redis", "7.4");
    }

    PipelineRun pipeline() throws Exception {
        return pipeline(new RegistryProfile("docker.io", Testbed.get().plain(), null, null, true, 5));
    }

    /** @param dockerHub what the name docker.io stands for in this run (a mirror, or the token-auth registry) */
    PipelineRun pipeline(RegistryProfile dockerHub) throws Exception {
        String tls = Testbed.get().tls();
        List<RegistryProfile> registries = List.of(
                dockerHub,
                new RegistryProfile("corp", tls, "corp-push", caPem(), false, 5),
                new RegistryProfile("ci", tls, "corp-push", caPem(), false, 5));
        Map<String, RegistryLogin> credentials = Map.of(
                "corp-push",
                        new RegistryLogin(
                                "corp-push",
                                Testbed.get().tlsUser(),
                                Testbed.get().tlsPass()),
                "dockerhub",
                        new RegistryLogin(
                                "dockerhub",
                                Testbed.get().tokenUser(),
                                Testbed.get().tokenPass()));
        run = new PipelineRun(dir, registries, List.of(), credentials);
        return run;
    }

    @Test
    void topLevelJenkinsfileBuildsArchivesAndMirrorsTheBuildImage() throws Exception {
        pipeline().run("Jenkinsfile");
        COVERED.add("Jenkinsfile");
        assertThat(run.calls("sh")).containsExactly("mvn -B verify");
        assertThat(run.calls("archiveArtifacts")).hasSize(1);
        assertThat(run.calls("archiveArtifacts").get(0)).contains("target/image-mirror.hpi");
        Map<String, Object> result = run.results.get(0);
        assertThat(result.get("digest")).isEqualTo(MAVEN.digest());
        String reference = Testbed.get().tls() + "/mirror/maven:3.9-eclipse-temurin-17";
        assertPushed(result, 0, reference, MAVEN.digest());
        assertThat(tlsDigest("mirror/maven", "3.9-eclipse-temurin-17")).isEqualTo(MAVEN.digest());
        assertThat(Files.readString(run.archive.resolve("image-digests.env")))
                .isEqualTo("IMAGE_DIGEST='" + MAVEN.digest() + "'\n" + envKey(reference) + "='" + reference + "@"
                        + MAVEN.digest() + "'\n");
        assertThat(run.reports).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode json =
                io.jenkins.plugins.imagemirror.core.size.ReportSchema.assertValid(
                        Files.readAllBytes(run.archive.resolve("image-sizes.json")));
        assertThat(json.toString()).contains(MAVEN.digest());
        assertThat(Files.readString(run.archive.resolve("image-sizes.html"))).contains(MAVEN.digest());
        Map<?, ?> sizes = (Map<?, ?>) result.get("sizes");
        assertThat(new ArrayList<Object>(sizes.keySet()))
                .containsExactly(
                        "registry",
                        "containerd",
                        "podman",
                        "docker",
                        "dockerVfs",
                        "containerdSnapshotEstimate",
                        "ociArchive",
                        "dockerArchive");
        assertThat(sizes.get("registry")).isEqualTo(MAVEN.compressedBytes());
        assertThat(sizes.get("docker")).isEqualTo(MAVEN.fileBytes());
        assertThat(run.log())
                .contains("build image " + MAVEN.digest())
                .contains("copied in")
                .contains("Image sizes for")
                .contains("pushed   " + reference + "@" + MAVEN.digest());
    }

    @Test
    void mirrorDockerHubImage() throws Exception {
        pipeline().run("docs/examples/mirror-docker-hub-image.Jenkinsfile");
        COVERED.add("docs/examples/mirror-docker-hub-image.Jenkinsfile");
        Map<String, Object> result = run.results.get(0);
        assertThat(result.get("digest")).isEqualTo(NGINX.digest());
        String tls = Testbed.get().tls();
        assertPushed(result, 0, tls + "/mirror/nginx:1.27", NGINX.digest());
        assertPushed(result, 1, tls + "/mirror/nginx:stable", NGINX.digest());
        assertThat(tlsDigest("mirror/nginx", "stable")).isEqualTo(NGINX.digest());

        PipelineRun again = pipeline();
        again.run("docs/examples/mirror-docker-hub-image.Jenkinsfile");
        List<?> targets = (List<?>) again.results.get(0).get("targets");
        assertThat(targets)
                .allSatisfy(t -> assertThat(((Map<?, ?>) t).get("status")).isEqualTo("present"));
        assertThat(targets)
                .allSatisfy(
                        t -> assertThat(((Map<?, ?>) t).get("bytesUploaded")).isEqualTo(0L));
    }

    @Test
    void offlineClusterTarball() throws Exception {
        pipeline();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // the real ctr, pointed at the test bed's containerd (a cluster node's ctr finds its own socket)
        fake(bin, "ctr", "exec /usr/bin/ctr --address '" + Testbed.get().containerdSocket() + "' \"$@\"");
        run.executeShell(bin);
        run.run("docs/examples/offline-cluster.Jenkinsfile");
        COVERED.add("docs/examples/offline-cluster.Jenkinsfile");
        Map<String, Object> result = run.results.get(0);
        assertThat(result.get("digest")).isEqualTo(REDIS.digest());
        assertThat(result.get("tarball")).isEqualTo("out/redis-7.4.tar");
        assertThat(result.get("artifacts").toString()).contains("redis-7.4.tar");
        Path archived = run.archive.resolve("redis-7.4.tar");
        assertThat(archived).exists();
        try (OciArchiveSource tar = OciArchiveSource.open(archived, null)) {
            Descriptor root = tar.resolve();
            assertThat(root.digest().toString()).isEqualTo(REDIS.digest());
        }
        assertThat(run.calls("sh")).containsExactly("ctr -n k8s.io images import redis-7.4.tar");
        // what the kubelet will report for the imported image is what the step predicted
        String name = Testbed.get().plain() + "/library/redis:7.4";
        try (Runtimes runtimes = new Runtimes()) {
            assertThat(runtimes.ctrImages(Runtimes.CRI_NAMESPACE)).contains(name);
            assertThat(runtimes.criImageSize(name)).isEqualTo(((Map<?, ?>) result.get("sizes")).get("containerd"));
            runtimes.criReset();
        }
    }

    @Test
    void cdStageDeploysByDigest() throws Exception {
        pipeline();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path recorded = dir.resolve("argocd.args");
        // a stand-in for the argocd CLI that records its arguments
        fake(bin, "argocd", "printf '%s\\n' \"$*\" >> '" + recorded + "'");
        run.executeShell(bin);
        run.run("docs/examples/cd-with-digests.Jenkinsfile");
        COVERED.add("docs/examples/cd-with-digests.Jenkinsfile");
        assertThat(tlsDigest("shop/nginx", "1.27")).isEqualTo(NGINX.digest());
        assertThat(Files.readString(recorded))
                .isEqualTo("app set shop --kustomize-image nginx=registry.corp.example/shop/nginx@" + NGINX.digest()
                        + "\n");
    }

    @Test
    void buildAndPush() throws Exception {
        // docker.io is the test bed's registry with Docker Hub's Bearer-token scheme
        pipeline(new RegistryProfile("docker.io", Testbed.get().token(), null, caPem(), false, 5));
        Files.writeString(
                run.workspace.resolve("Dockerfile"),
                "FROM scratch\nARG VERSION\nLABEL version=$VERSION\n"
                        + "COPY app.txt /srv/app.txt\nCMD [\"/srv/app\"]\n");
        Files.writeString(run.workspace.resolve("app.txt"), "shop\n");
        Path tokenCa = Testbed.get().caCert();
        run.run("docs/examples/build-and-push.Jenkinsfile");
        COVERED.add("docs/examples/build-and-push.Jenkinsfile");
        Map<String, Object> result = run.results.get(0);
        String digest = (String) result.get("digest");
        assertThat(digest).startsWith("sha256:");
        List<?> targets = (List<?>) result.get("targets");
        assertThat(targets).hasSize(4);
        for (Object t : targets) {
            assertThat(((Map<?, ?>) t).get("digest")).isEqualTo(digest);
        }
        assertThat(tlsDigest("shop/shop", "1.0")).isEqualTo(digest);
        assertThat(tlsDigest("shop/shop", "build-7")).isEqualTo(digest);
        assertThat(run.reports).isEmpty();
        assertThat(tokenCa).exists();
        RegistryClient hub =
                new RegistryClient(RegistrySettings.defaults(Testbed.get().token())
                        .withCaCertificatePem(caPem())
                        .withCredentials(new RegistryCredentials(
                                Testbed.get().tokenUser(), Testbed.get().tokenPass())));
        assertThat(hub.headManifest("acme/shop", "1.0").orElseThrow().digest().toString())
                .isEqualTo(digest);
    }

    @Test
    void sizeGate() throws Exception {
        pipeline().run("docs/examples/size-gate.Jenkinsfile");
        COVERED.add("docs/examples/size-gate.Jenkinsfile");
        Map<String, Object> result = run.results.get(0);
        assertThat(result.get("digest")).isEqualTo(NGINX.digest());
        assertThat((List<?>) result.get("targets")).isEmpty();
        Map<?, ?> sizes = (Map<?, ?>) result.get("sizes");
        assertThat(sizes.get("registry")).isEqualTo(NGINX.compressedBytes());
        assertThat(sizes.get("docker")).isEqualTo(NGINX.fileBytes());
        assertThat(run.log())
                .contains("nginx " + NGINX.digest() + ": " + sizes.get("containerd") + " bytes in containerd");
        io.jenkins.plugins.imagemirror.core.size.ReportSchema.assertValid(
                Files.readAllBytes(run.archive.resolve("image-sizes.json")));
        assertThat(run.archive.resolve("image-sizes.html")).exists();
        assertThat(run.archive.resolve("image-digests.env")).doesNotExist();
        assertThat(run.reports).hasSize(1);
        assertThat(run.calls("error")).isEmpty();
    }

    @Test
    void everyJenkinsfileIsRunByATest() throws IOException {
        Set<String> all = new TreeSet<>();
        all.add("Jenkinsfile");
        try (var files = Files.walk(Path.of("docs"))) {
            files.filter(f -> f.getFileName().toString().endsWith("Jenkinsfile"))
                    .forEach(f -> all.add(f.toString().replace('\\', '/')));
        }
        Set<String> tested = new TreeSet<>(Set.of(
                "Jenkinsfile",
                "docs/examples/mirror-docker-hub-image.Jenkinsfile",
                "docs/examples/build-and-push.Jenkinsfile",
                "docs/examples/offline-cluster.Jenkinsfile",
                "docs/examples/cd-with-digests.Jenkinsfile",
                "docs/examples/size-gate.Jenkinsfile"));
        assertThat(all).isEqualTo(tested);
    }

    @AfterEach
    void noSecretAnywhere(org.junit.jupiter.api.TestInfo test) throws IOException {
        if (run == null) {
            return;
        }
        // kept for whoever reads a failure: target/pipeline-logs/<test>.log
        Path logs = Files.createDirectories(
                Path.of(System.getProperty("project.build.directory", "target"), "pipeline-logs"));
        Files.writeString(logs.resolve(test.getTestMethod().orElseThrow().getName() + ".log"), run.log());
        for (String secret : List.of(Testbed.get().tlsPass(), Testbed.get().tokenPass())) {
            assertThat(run.log()).doesNotContain(secret);
            assertThat(run.results.toString()).doesNotContain(secret);
            try (var files = Files.walk(run.archive)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as(f.toString())
                            .doesNotContain(secret);
                }
            }
            for (ImageOutcome report : run.reports) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(report);
                }
                assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).doesNotContain(secret);
            }
        }
    }

    static void assertPushed(Map<String, Object> result, int index, String reference, String digest) {
        Map<?, ?> target = (Map<?, ?>) ((List<?>) result.get("targets")).get(index);
        assertThat(target.get("reference")).isEqualTo(reference + "@" + digest);
        assertThat(target.get("digest")).isEqualTo(digest);
        assertThat(target.get("status")).isIn("pushed", "present");
    }

    static String tlsDigest(String repository, String tag) throws IOException {
        RegistryClient client =
                new RegistryClient(RegistrySettings.defaults(Testbed.get().tls())
                        .withCaCertificatePem(caPem())
                        .withCredentials(new RegistryCredentials(
                                Testbed.get().tlsUser(), Testbed.get().tlsPass())));
        return client.headManifest(repository, tag).orElseThrow().digest().toString();
    }

    static String envKey(String reference) {
        StringBuilder k = new StringBuilder("IMAGE_");
        for (char c : reference.toUpperCase().toCharArray()) {
            k.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return k.toString();
    }

    static String caPem() throws IOException {
        return Files.readString(Testbed.get().caCert());
    }

    static void fake(Path bin, String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static SeedImage seed(String name) {
        try {
            return new SeedImage(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
