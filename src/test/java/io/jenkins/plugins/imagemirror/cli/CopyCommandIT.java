package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutWriter;
import io.jenkins.plugins.imagemirror.core.archive.TestImages;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.testbed.Runtimes;
import io.jenkins.plugins.imagemirror.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy verb against the test bed's real registries and runtimes, as a user runs it. */
class CopyCommandIT {
    private static final Testbed BED = Testbed.get();
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

    private static String repo(String what) {
        return "it/" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Options that make every registry of the bed reachable: plain HTTP where it is plain, its CA, credentials. */
    private List<String> registryOptions(String password) throws IOException {
        Path authfile = tmp.resolve("config.json");
        String tls =
                Base64.getEncoder().encodeToString((BED.tlsUser() + ":" + password).getBytes(StandardCharsets.UTF_8));
        String token = Base64.getEncoder()
                .encodeToString((BED.tokenUser() + ":" + BED.tokenPass()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                authfile,
                "{\"auths\":{\"" + BED.tls() + "\":{\"auth\":\"" + tls + "\"},\"https://" + BED.token()
                        + "\":{\"auth\":\"" + token + "\"}}}");
        return new ArrayList<>(List.of(
                "--plain-http",
                BED.plain(),
                "--plain-http",
                BED.rateLimit(),
                "--plain-http",
                BED.always429(),
                "--ca-cert",
                BED.tls() + "=" + BED.caCert(),
                "--ca-cert",
                BED.token() + "=" + BED.caCert(),
                "--authfile",
                authfile.toString()));
    }

    private List<String> args(String... words) throws IOException {
        List<String> all = new ArrayList<>(List.of(words));
        all.addAll(registryOptions(BED.tlsPass()));
        return all;
    }

    /** Pushes a test image (one or two platforms) from an OCI layout to the plain registry; returns its reference. */
    private String seed(boolean twoPlatforms, String repository) throws IOException {
        Path layout = tmp.resolve("layout-" + UUID.randomUUID());
        OciLayoutWriter writer = OciLayoutWriter.open(layout);
        ManifestContent root = twoPlatforms
                ? TestImages.twoPlatforms(writer, repository)
                : TestImages.image(writer, TestImages.AMD64, repository);
        writer.writeIndex(List.of(OciLayoutWriter.named(root.descriptor(), "v1")));
        String ref = BED.plain() + "/" + repository + ":v1";
        CliRun run = CliRun.of(args("copy", "-q", "oci:" + layout + ":v1", "docker://" + ref));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Digest.sha256(runtimes.skopeoInspectRaw(ref))).isEqualTo(root.digest());
        return ref;
    }

    @Test
    void copiesToTwoRegistriesWithTheSameDigestAndASecondRunUploadsNothing() throws IOException {
        for (boolean twoPlatforms : List.of(false, true)) {
            String source = seed(twoPlatforms, repo(twoPlatforms ? "multi" : "single"));
            Digest digest = Digest.sha256(runtimes.skopeoInspectRaw(source));
            String tlsRef = BED.tls() + "/" + repo("mirror") + ":1.0";
            String tokenRef = BED.token() + "/" + repo("hub") + ":1.0";
            Path json = tmp.resolve("first.json");

            CliRun first = CliRun.of(args(
                    "copy",
                    "docker://" + source,
                    "docker://" + tlsRef,
                    "docker://" + tokenRef,
                    "--json",
                    json.toString()));

            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(Digest.sha256(runtimes.skopeoInspectRaw(tlsRef, true))).isEqualTo(digest);
            assertThat(Digest.sha256(runtimes.skopeoInspectRaw(tokenRef, true))).isEqualTo(digest);
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            assertThat(report.get("digest").asText()).isEqualTo(digest.toString());
            for (JsonNode d : report.get("destinations")) {
                assertThat(d.get("status").asText()).isEqualTo("pushed");
                assertThat(d.get("digest").asText()).isEqualTo(digest.toString());
                assertThat(d.get("bytesUploaded").asLong()).isPositive();
            }

            Path again = tmp.resolve("again.json");
            CliRun second = CliRun.of(args(
                    "copy",
                    "docker://" + source,
                    "docker://" + tlsRef,
                    "docker://" + tokenRef,
                    "--json",
                    again.toString()));

            assertThat(second.exitCode()).as(second.toString()).isZero();
            for (JsonNode d : new ObjectMapper().readTree(again.toFile()).get("destinations")) {
                assertThat(d.get("status").asText()).isEqualTo("present");
                assertThat(d.get("bytesUploaded").asLong()).isZero();
            }
            assertThat(second.out()).contains("present\t" + tlsRef + "@" + digest);
        }
    }

    @Test
    void ociArchiveIsDeterministicAndEveryRuntimeLoadsIt() throws IOException {
        String source = seed(false, repo("archive"));
        Digest digest = Digest.sha256(runtimes.skopeoInspectRaw(source));
        Path one = tmp.resolve("one.tar");
        Path two = tmp.resolve("two.tar");
        String name = "registry.corp/team/app:1.0";

        assertThat(CliRun.of(args("copy", "-q", "docker://" + source, "oci-archive:" + one + ":" + name))
                        .exitCode())
                .isZero();
        assertThat(CliRun.of(args("copy", "-q", "docker://" + source, "oci-archive:" + two + ":" + name))
                        .exitCode())
                .isZero();

        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(one, ns, false)).contains(name);
        assertThat(runtimes.dockerLoad(Runtimes.Docker.OVERLAY2, one)).contains(name);
        assertThat(runtimes.podmanLoad(one)).isNotEmpty();
        Process skopeo = new ProcessBuilder("skopeo", "inspect", "--raw", "oci-archive:" + one).start();
        assertThat(Digest.sha256(skopeo.getInputStream().readAllBytes())).isEqualTo(digest);
    }

    /**
     * Issue 11: an archive written without :NAME is listed by ctr, docker and podman under the source's name with the
     * source's digest (before: ctr imported no image, docker an untagged one); an unnamed source gets the documented
     * fallback localhost/FILE:latest, announced in one line.
     */
    @Test
    void anArchiveWrittenWithoutANameImportsUnderTheSourcesName() throws IOException {
        String source = seed(false, repo("unnamed"));
        io.jenkins.plugins.imagemirror.core.image.Manifest manifest =
                (io.jenkins.plugins.imagemirror.core.image.Manifest)
                        ManifestContent.parse(runtimes.skopeoInspectRaw(source), null);
        Path oci = tmp.resolve("unnamed.tar");
        Path docker = tmp.resolve("unnamed-docker.tar");
        CliRun run =
                CliRun.of(args("copy", "-q", "docker://" + source, "oci-archive:" + oci, "docker-archive:" + docker));
        assertThat(run.exitCode()).as(run.toString()).isZero();

        String ns = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(oci, ns, false)).containsExactly(source);
        assertThat(runtimes.ctrImageDigest(ns, source))
                .isEqualTo(manifest.digest().toString());
        for (Path archive : List.of(oci, docker)) {
            runtimes.dockerReset(Runtimes.Docker.VFS);
            assertThat(runtimes.dockerLoad(Runtimes.Docker.VFS, archive))
                    .as(archive.toString())
                    .containsExactly(source);
            assertThat(runtimes.dockerImageId(Runtimes.Docker.VFS, source))
                    .isEqualTo(manifest.config().digest().toString());
        }
        assertThat(runtimes.podmanLoad(oci)).containsExactly(source);
        assertThat(runtimes.podmanImageDigest(source))
                .isEqualTo(manifest.digest().toString());
        assertThat(runtimes.podmanLoad(docker)).containsExactly(source);

        // a source without a name (a layout whose one entry is unnamed): the fallback, said in one line
        Path layout = tmp.resolve("unnamed-layout");
        assertThat(CliRun.of(args("copy", "-q", "docker://" + source, "oci:" + layout))
                        .exitCode())
                .isZero();
        Path fallback = tmp.resolve("My App.tar");
        CliRun named = CliRun.of(args("copy", "oci:" + layout, "oci-archive:" + fallback));
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.err()).contains("naming the image in oci-archive:" + fallback + " 'localhost/my-app:latest'");
        String other = runtimes.freshNamespace();
        assertThat(runtimes.ctrImport(fallback, other, false)).containsExactly("localhost/my-app:latest");
        assertThat(runtimes.ctrImageDigest(other, "localhost/my-app:latest"))
                .isEqualTo(manifest.digest().toString());
        runtimes.dockerReset(Runtimes.Docker.VFS);
        assertThat(runtimes.dockerLoad(Runtimes.Docker.VFS, fallback)).containsExactly("localhost/my-app:latest");
        assertThat(runtimes.podmanLoad(fallback)).containsExactly("localhost/my-app:latest");
        assertThat(runtimes.podmanImageDigest("localhost/my-app:latest"))
                .isEqualTo(manifest.digest().toString());
    }

    @Test
    void twoPlatformArchiveImportsWithAllPlatforms() throws IOException {
        String source = seed(true, repo("archive-multi"));
        Path archive = tmp.resolve("multi.tar");
        CliRun run =
                CliRun.of(args("copy", "-q", "docker://" + source, "oci-archive:" + archive + ":multi.example/app:2"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(runtimes.ctrImport(archive, runtimes.freshNamespace(), true)).contains("multi.example/app:2");
    }

    @Test
    void rateLimitedRegistrySucceedsOnceTheLimitClears() throws IOException {
        String source = seed(true, repo("limited"));
        String viaProxy = source.replace(BED.plain(), BED.rateLimit());
        for (int i = 0; i < 3; i++) {
            Path out = tmp.resolve("limited-" + i);
            CliRun run = CliRun.of(args("copy", "docker://" + viaProxy, "oci:" + out, "--max-retry-wait", "10"));
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
    }

    @Test
    void alwaysRateLimitedRegistryFailsClearlyWithinTheCap() throws IOException {
        String source = seed(false, repo("always429")).replace(BED.plain(), BED.always429());
        Path out = tmp.resolve("never.tar");

        CliRun run = CliRun.of(args("copy", "docker://" + source, "oci-archive:" + out, "--max-retry-wait", "2"));

        // "within the cap" is in the message (max retry wait), not an elapsed-time bound a loaded machine breaks
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.error())
                .contains(source.substring(0, source.indexOf(':', source.indexOf('/'))))
                .contains("429")
                .contains("max retry wait");
        assertThat(out).doesNotExist();
    }

    @Test
    void badInputFailsWithOneLineNamingWhatAndLeavesNothingBehind() throws IOException {
        String source = seed(false, repo("bad"));
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        String archive = "oci-archive:" + outDir.resolve("x.tar");

        assertFailure(
                CliRun.of(args("copy", "docker://Bad/Name:1", archive)),
                2,
                "image location 'docker://Bad/Name:1'",
                outDir);
        assertFailure(CliRun.of(args("copy", "ftp://x/y", archive)), 2, "unknown transport 'ftp:'", outDir);
        assertFailure(
                CliRun.of(args("copy", "docker://" + BED.plain() + "/it/does-not-exist:v1", archive)),
                1,
                BED.plain() + "/it/does-not-exist:v1",
                outDir);

        List<String> wrongPassword =
                new ArrayList<>(List.of("copy", "docker://" + source, "docker://" + BED.tls() + "/it/x:1"));
        wrongPassword.addAll(registryOptions("not-the-password-" + BED.tlsPass().hashCode()));
        CliRun rejected = CliRun.of(wrongPassword);
        assertFailure(rejected, 1, BED.tls(), outDir);
        assertThat(rejected.error()).contains("401").doesNotContain("not-the-password");

        CliRun untrusted = CliRun.of(
                "copy", "docker://" + source, "docker://" + BED.tls() + "/it/x:1", "--plain-http", BED.plain());
        assertFailure(untrusted, 1, BED.tls(), outDir);
        assertThat(untrusted.error()).contains("--ca-cert");
    }

    @Test
    void corruptBlobAndPathTraversalAreRefused() throws IOException {
        Path layout = tmp.resolve("corrupt");
        OciLayoutWriter writer = OciLayoutWriter.open(layout);
        var manifest = TestImages.image(writer, TestImages.AMD64, "corrupt");
        writer.writeIndex(List.of(OciLayoutWriter.named(manifest.descriptor(), "v1")));
        Path layer = layout.resolve(
                "blobs/sha256/" + manifest.layers().get(0).digest().hex());
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(layer, bytes);
        Path outDir = Files.createDirectories(tmp.resolve("out2"));
        String target = BED.plain() + "/" + repo("corrupt") + ":v1";

        CliRun run = CliRun.of(
                args("copy", "oci:" + layout + ":v1", "oci-archive:" + outDir.resolve("c.tar"), "docker://" + target));
        assertFailure(run, 1, manifest.layers().get(0).digest().toString(), outDir);
        CliRun check = CliRun.of(args("copy", "-q", "docker://" + target, "oci:" + tmp.resolve("never")));
        assertThat(check.exitCode())
                .as("the manifest must not have been pushed: " + check)
                .isEqualTo(1);

        Path evil = tmp.resolve("evil.tar");
        writeTraversalArchive(evil);
        assertFailure(
                CliRun.of(args("copy", "oci-archive:" + evil, "oci-archive:" + outDir.resolve("e.tar"))),
                1,
                "..",
                outDir);
    }

    /** An OCI archive whose tar has a {@code ../} entry besides a plausible layout. */
    private static void writeTraversalArchive(Path target) throws IOException {
        try (var tar =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(target))) {
            for (String[] entry : new String[][] {
                {"oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"},
                {"index.json", "{\"schemaVersion\":2,\"manifests\":[]}"},
                {"../escaped.txt", "gotcha"}
            }) {
                byte[] content = entry[1].getBytes(StandardCharsets.UTF_8);
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(entry[0], true);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }

    private static void assertFailure(CliRun run, int exitCode, String mentions, Path outDir) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.error()).as(run.toString()).isNotEmpty().contains(mentions);
        assertThat(run.error().lines()).hasSize(1);
        try (Stream<Path> left = Files.list(outDir)) {
            assertThat(left).as("nothing left behind").isEmpty();
        }
    }
}
