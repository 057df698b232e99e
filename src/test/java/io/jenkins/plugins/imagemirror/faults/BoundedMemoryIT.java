package io.jenkins.plugins.imagemirror.faults;

import static io.jenkins.plugins.imagemirror.faults.FaultBed.BED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import io.jenkins.plugins.imagemirror.core.size.TestImage;
import io.jenkins.plugins.imagemirror.core.size.TestLayers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory that is bounded whatever the timing (issue 13): the built CLI jar, in a JVM whose heap is capped at 32 MiB
 * (as the benchmark's bounded-memory check), copies an image to a registry throttled by the {@link FaultProxy} and
 * to two fast ones at once, many times in a row; then writes an archive and a size report of it. A slow destination
 * must slow the copy down, never make the copier or the HTTP client hold what it has not taken yet.
 *
 * <p>Before the fix, each blob in flight held a 1 MiB ring per registry destination, a G1 "humongous" object of two
 * regions: 4 jobs x 3 destinations filled 24 of the 32 regions and the first run died with OutOfMemoryError (two
 * destinations: 16 regions, and one benchmark run in four). {@code -Dbounded.jar=PATH} runs another CLI jar (to
 * show that an old one fails); {@code -Dbounded.runs=N} sets the number of fan-outs (default 20, the count;
 * the archive copy and the size report, whose memory does not depend on a peer's pace, run a quarter as often).
 */
class BoundedMemoryIT {
    private static final int RUNS = Integer.getInteger("bounded.runs", 20);
    private static final int MIB = 1024 * 1024;
    /** Layers: more than the copier's 4 jobs, each several times any pipe, 24 MiB in all (most of the heap). */
    private static final int LAYERS = 6;

    private static final int LAYER_BYTES = 4 * MIB;
    /** Per connection: the slow registry takes about 6 MiB/s per upload, the fast ones whatever loopback gives. */
    private static final long THROTTLE = 6L * MIB;

    private static final String SOURCE_REPO = FaultBed.repo("bounded-src");
    private static Digest digest;
    private static OwnRegistry fast;
    private static Path work;

    @TempDir
    Path tmp;

    /** A single-platform image of gzip layers holding random (incompressible) files, pushed to the bed's plain registry. */
    @BeforeAll
    static void seed() throws Exception {
        work = Files.createTempDirectory("bounded-memory");
        SplittableRandom random = new SplittableRandom(1313);
        List<byte[]> tars = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            byte[] content = new byte[LAYER_BYTES];
            random.nextBytes(content);
            tars.add(new TestLayers().file("data/" + i + ".bin", content).tar());
            history.add("ADD data/" + i + ".bin /data/");
        }
        TestImage image = new TestImage().platform("linux", "amd64", tars, history);
        digest = Digest.parse(image.topDigest());
        Path layout = image.writeLayout(work.resolve("layout"), "v1");
        cli(
                List.of(),
                "seeding",
                "copy",
                "-q",
                "--plain-http",
                BED.plain(),
                "oci:" + layout + ":v1",
                "docker://" + BED.plain() + "/" + SOURCE_REPO + ":v1");
        fast = OwnRegistry.start(work.resolve("fast"), "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fast != null) {
            fast.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aFanOutToAThrottledAndTwoFastRegistriesRunsInA32MibHeapEveryTime() throws Exception {
        try (FaultProxy slow = new FaultProxy(BED.plain()).throttleUp(THROTTLE)) {
            for (int run = 1; run <= RUNS; run++) {
                String slowRepo = FaultBed.repo("bounded-slow");
                String fastRepo = FaultBed.repo("bounded-fast");
                String fastRepo2 = FaultBed.repo("bounded-fast");
                cli(
                        HEAP,
                        "fan-out run " + run + " of " + RUNS,
                        "copy",
                        "-q",
                        "--plain-http",
                        BED.plain(),
                        "--plain-http",
                        slow.address(),
                        "--plain-http",
                        fast.address(),
                        source(),
                        "docker://" + slow.address() + "/" + slowRepo + ":v1",
                        "docker://" + fast.address() + "/" + fastRepo + ":v1",
                        "docker://" + fast.address() + "/" + fastRepo2 + ":v1");
                // every blob read back (digest and size) on the last run; the tag's digest on every run
                assertPushed(BED.plain(), slowRepo, run == RUNS);
                assertPushed(fast.address(), fastRepo, run == RUNS);
                assertPushed(fast.address(), fastRepo2, run == RUNS);
            }
            assertThat(slow.bytesForwardedUp())
                    .as("every run pushed the whole image through the throttled proxy")
                    .isGreaterThanOrEqualTo((long) RUNS * LAYERS * LAYER_BYTES);
        }
    }

    @Test
    void anArchiveCopyAndASizeReportRunInA32MibHeapEveryTime() throws Exception {
        for (int run = 1; run <= Math.max(1, RUNS / 4); run++) {
            Path archive = tmp.resolve("image-" + run + ".tar");
            cli(
                    HEAP,
                    "archive run " + run,
                    "copy",
                    "-q",
                    "--plain-http",
                    BED.plain(),
                    source(),
                    "oci-archive:" + archive + ":bounded");
            assertThat(Files.size(archive)).isGreaterThan((long) LAYERS * LAYER_BYTES);
            Files.delete(archive);
            String report = cli(HEAP, "size report run " + run, "sizes", "--plain-http", BED.plain(), source());
            assertThat(report).contains(digest.toString().substring(7, 19));
        }
    }

    private static void assertPushed(String host, String repository, boolean readBlobs) throws Exception {
        var client = FaultBed.client(FaultBed.plain(host));
        if (readBlobs) {
            FaultBed.assertComplete(client, repository, "v1", digest);
        } else {
            assertThat(client.headManifest(repository, "v1"))
                    .as("%s/%s:v1", host, repository)
                    .isPresent()
                    .get()
                    .extracting(d -> d.digest())
                    .isEqualTo(digest);
        }
    }

    private static final List<String> HEAP = List.of("-Xmx32m", "-XX:+ExitOnOutOfMemoryError");

    private static String source() {
        return "docker://" + BED.plain() + "/" + SOURCE_REPO + ":v1";
    }

    /** Runs the CLI jar in a child JVM with {@code jvmOptions}; returns its output, asserting exit code 0. */
    private static String cli(List<String> jvmOptions, String what, String... args) throws Exception {
        String jar = System.getProperty(
                "bounded.jar",
                Path.of(System.getProperty("project.build.directory", "target"), "image-mirror-cli.jar")
                        .toString());
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "cli", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(what + ": still running after 10 minutes: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(process.exitValue())
                .as("%s: exit code; output:%n%s", what, output)
                .isZero();
        assertThat(output).as(what).doesNotContain("OutOfMemoryError");
        return output;
    }
}
