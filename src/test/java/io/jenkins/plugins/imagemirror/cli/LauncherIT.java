package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resources/image-mirror, the launcher, on the packaged jar: each JDK gets its start-up cache (AppCDS before 24, an AOT
 * cache from 24 on), made by the first run of a verb, mapped by the second (the JVM's class-load log says where each
 * of our classes came from), written without leftovers, and {@code --version} names the mode. stdout stays the
 * command's own in every run, the recording one included.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path LAUNCHER = ROOT.resolve("resources/image-mirror");
    private static final Path JAR = ROOT.resolve("target/image-mirror-cli.jar");

    @TempDir
    static Path dir;

    private static Path layout;

    @BeforeAll
    static void tinyImage() throws IOException {
        layout = writeLayout(dir.resolve("layout"));
    }

    @Test
    void theTestJdkGetsItsCacheAndMapsItOnTheSecondRun() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        String version = releaseVersion(home).orElseThrow();
        String mode = feature(version) >= 24 ? "AOT cache (JDK " + version + ")" : "AppCDS (JDK " + version + ")";
        checkTwoRuns(Map.of("IMAGE_MIRROR_JAVA", home.resolve("bin/java").toString()), mode, dir.resolve("cache-own"));
    }

    @Test
    void aJdk24OrLaterIsFoundBesideTheDefaultOneAndUsesAnAotCache() throws Exception {
        Optional<Path> newest = knownJdks()
                .filter(h -> feature(releaseVersion(h).orElse("0")) >= 24)
                .max((a, b) -> Integer.compare(
                        feature(releaseVersion(a).orElseThrow()),
                        feature(releaseVersion(b).orElseThrow())));
        assumeTrue(newest.isPresent(), "no JDK 24 or later under /usr/lib/jvm: the AOT mode cannot be checked here");
        String version = releaseVersion(newest.get()).orElseThrow();
        // JAVA_HOME on the default JDK: the launcher still finds the newer one
        checkTwoRuns(
                Map.of("JAVA_HOME", System.getProperty("java.home")),
                "AOT cache (JDK " + version + ")",
                dir.resolve("cache-found"));
    }

    @Test
    void anUnwritableCacheDirectoryMeansPlain() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Run run = launch(Map.of("XDG_CACHE_HOME", file.resolve("sub").toString()), null, "--version");
        assertThat(run.out).contains("launcher: plain (JDK ").contains("is not writable");
    }

    @Test
    void everyModeRunsTheSerialCollectorWithScaledCompileThresholds() throws Exception {
        // a command runs for seconds: with the server's JIT thresholds a fan-out copy spent as much CPU compiling
        // as copying (docs/benchmarks.md, "Cold path changes"); the JVM's own flag table says what it ran with
        Map<String, String> cached = testJdkWithItsCache("cache-flags");
        cached.put("IMAGE_MIRROR_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        launch(cached, null, "--version"); // records the cache (its JVM prints nothing of its own on stdout)
        Path file = Files.writeString(dir.resolve("not-a-directory-either"), "x");
        Map<String, String> plain = new java.util.HashMap<>(cached);
        plain.put("XDG_CACHE_HOME", file.resolve("sub").toString());
        for (Map<String, String> env : List.of(cached, plain)) {
            Run run = launch(env, null, "--version");
            assertThat(run.out)
                    .as("flags of the run that printed %s", run.out.lines().filter(l -> l.startsWith("launcher:")))
                    .containsPattern("\\bCompileThresholdScaling\\s+= 10(\\.0+)?\\s")
                    .containsPattern("\\bUseSerialGC\\s+= true\\s");
        }
    }

    private static void checkTwoRuns(Map<String, String> env, String mode, Path cache) throws Exception {
        Map<String, String> withCache = new java.util.HashMap<>(env);
        withCache.put("XDG_CACHE_HOME", cache.toString());

        Run first = launch(withCache, null, "--version");
        assertThat(first.out)
                .isEqualTo("image-mirror " + version() + "\nlauncher: " + mode + ", recorded by this run\n");
        Run second = launch(withCache, null, "--version");
        assertThat(second.out).isEqualTo("image-mirror " + version() + "\nlauncher: " + mode + "\n");

        // a verb that works: its own cache, recorded by the first run, mapped by the second
        Path log1 = dir.resolve(cache.getFileName() + "-sizes-1.log");
        Run sizes1 = launch(withCache, log1, "sizes", "oci:" + layout + ":tiny");
        Path log2 = dir.resolve(cache.getFileName() + "-sizes-2.log");
        Run sizes2 = launch(withCache, log2, "sizes", "oci:" + layout + ":tiny");
        assertThat(sizes1.out)
                .as("stdout of the recording run is the command's own")
                .isEqualTo(sizes2.out)
                .contains("linux/amd64");
        assertThat(classSource(log1, "io.jenkins.plugins.imagemirror.cli.SizesCommand"))
                .startsWith("file:");
        assertThat(classSource(log2, "io.jenkins.plugins.imagemirror.cli.SizesCommand"))
                .startsWith("shared objects file");
        assertThat(classSource(log2, "io.jenkins.plugins.imagemirror.core.size.SizeReportCalculator"))
                .startsWith("shared objects file");
        assertThat(classSource(log2, "picocli.CommandLine$Model$CommandSpec"))
                .as("picocli's class files are raised to a version the cache archives")
                .startsWith("shared objects file");

        try (Stream<Path> files = Files.list(cache.resolve("image-mirror"))) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            String ext = mode.startsWith("AOT") ? ".aot" : ".cds";
            assertThat(names)
                    .as("one cache per verb, no temporary file left")
                    .hasSize(2)
                    .allMatch(n -> n.endsWith(ext) && !n.startsWith("."))
                    .anyMatch(n -> n.endsWith("-other" + ext))
                    .anyMatch(n -> n.endsWith("-sizes" + ext));
        }
    }

    @Test
    void aRunWithItsCacheStartsNoToolButStat() throws Exception {
        // every process the script starts costs a few ms of each run (sed, awk, ls, cksum once took 80-100 ms); on
        // the common path, a JDK named and its cache present, it reads files itself and asks stat for sizes and times
        Map<String, String> env = testJdkWithItsCache("cache-tools");
        launch(env, null, "--version"); // records, with the machine's PATH
        Path bin = Files.createDirectories(dir.resolve("only-stat"));
        Path stat = Stream.of("/usr/bin/stat", "/bin/stat")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow();
        Files.createSymbolicLink(bin.resolve("stat"), stat);
        Map<String, String> onlyStat = new java.util.HashMap<>(env);
        onlyStat.put("PATH", bin.toString());
        Run run = launch(onlyStat, null, "--version");
        assertThat(run.out).contains("launcher: ").doesNotContain("recorded by this run");
    }

    @Test
    void everyPicocliClassInTheJarIsJava8BytecodeThatPassesTheVerifier() throws Exception {
        List<String> names = new ArrayList<>();
        try (var jar = new java.util.jar.JarFile(JAR.toFile())) {
            for (var e : java.util.Collections.list(jar.entries())) {
                if (e.getName().startsWith("picocli/") && e.getName().endsWith(".class")) {
                    byte[] head = jar.getInputStream(e).readNBytes(8);
                    assertThat(((head[6] & 0xff) << 8) | (head[7] & 0xff))
                            .as("class-file version of %s", e.getName())
                            .isEqualTo(52);
                    names.add(e.getName()
                            .substring(0, e.getName().length() - ".class".length())
                            .replace('/', '.'));
                }
            }
            assertThat(jar.getEntry("META-INF/raised-class-files/picocli-" + picocliVersion() + ".jar.txt"))
                    .as("the notice that picocli's class files were changed")
                    .isNotNull();
        }
        assertThat(names).hasSizeGreaterThan(200);
        // a loader of its own: the JVM verifies (split verifier, the frames ASM computed) each class it links
        try (var loader = new java.net.URLClassLoader(
                new java.net.URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                Class.forName(name, true, loader); // links (verifies), then initialises
            }
        }
    }

    private static String picocliVersion() {
        return picocli.CommandLine.VERSION;
    }

    /** Where the class-load log says a class came from ("shared objects file", "file:…jar"). */
    private static String classSource(Path log, String className) throws IOException {
        String prefix = " " + className + " source: ";
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(prefix))
                .map(l -> l.substring(l.indexOf(prefix) + prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(className + " was not loaded: " + log));
    }

    /** The environment of a run on the JDK running this test, with a cache directory of its own under {@code dir}. */
    private static Map<String, String> testJdkWithItsCache(String cacheName) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("IMAGE_MIRROR_JAVA", System.getProperty("java.home"));
        env.put("XDG_CACHE_HOME", dir.resolve(cacheName).toString());
        return env;
    }

    private record Run(String out, String err) {}

    private static Run launch(Map<String, String> env, Path classLog, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("IMAGE_MIRROR_JAVA");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("IMAGE_MIRROR_JAR", JAR.toString());
        pb.environment()
                .put("IMAGE_MIRROR_JAVA_OPTS", classLog == null ? "" : "-Xlog:class+load=info:file=" + classLog);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        Run run = new Run(Files.readString(out), Files.readString(err));
        assertThat(p.exitValue()).as("exit of %s: %s", command, run).isZero();
        return run;
    }

    private static String version() throws IOException {
        try (var jar = new java.util.jar.JarFile(JAR.toFile())) {
            String v = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            return v == null ? "development" : v;
        }
    }

    private static Stream<Path> knownJdks() throws IOException {
        Path jvm = Path.of("/usr/lib/jvm");
        return Files.isDirectory(jvm)
                ? Files.list(jvm).filter(h -> Files.isExecutable(h.resolve("bin/java"))).toList().stream()
                : Stream.empty();
    }

    private static Optional<String> releaseVersion(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream()
                    .filter(l -> l.startsWith("JAVA_VERSION=\""))
                    .map(l -> l.substring("JAVA_VERSION=\"".length(), l.length() - 1))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int feature(String version) {
        return version.startsWith("1.") ? 1 : Integer.parseInt(version.replaceAll("^(\\d+).*", "$1"));
    }

    // --- a one-layer OCI layout, tagged "tiny" ---------------------------------------------------------------------

    private static Path writeLayout(Path root) throws IOException {
        Files.createDirectories(root.resolve("blobs/sha256"));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("hello.txt");
            e.setSize(hello.length);
            out.putArchiveEntry(e);
            out.write(hello);
            out.closeArchiveEntry();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        String layer = blob(root, gz.toByteArray());
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + sha256(tar.toByteArray()) + "\"]},\"config\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + blob(root, config)
                        + "\",\"size\":" + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                        + "\"digest\":\"" + layer + "\",\"size\":" + gz.size() + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(
                root.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + blob(root, manifest)
                        + "\",\"size\":"
                        + manifest.length
                        + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"annotations\":"
                        + "{\"org.opencontainers.image.ref.name\":\"tiny\"}}]}");
        return root;
    }

    private static String blob(Path root, byte[] content) throws IOException {
        String digest = sha256(content);
        Files.write(root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())), content);
        return digest;
    }

    private static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
