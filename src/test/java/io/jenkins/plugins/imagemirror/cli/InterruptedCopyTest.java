package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.testbed.StallingRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interrupted means clean: the CLI, a real child JVM, killed with SIGTERM or SIGINT while it writes an archive
 * (its source stalls mid-layer, so it is mid-write for as long as the test waits: no timing), leaves nothing beside
 * the destination, neither the archive nor its staging files.
 */
class InterruptedCopyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalMidWriteLeavesNoFileBesideTheDestination(String signal) throws Exception {
        try (StallingRegistry registry = StallingRegistry.start()) {
            Path out = Files.createDirectories(dir.resolve("out"));
            Process cli = startCopy(registry, out);
            try {
                awaitStagedBlobBytes(out, cli);
                new ProcessBuilder("kill", "-" + signal, Long.toString(cli.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
                assertThat(cli.waitFor(60, TimeUnit.SECONDS))
                        .as("the CLI ends on SIG" + signal)
                        .isTrue();
            } finally {
                cli.destroyForcibly();
            }
            assertThat(list(out))
                    .as("files beside the destination after SIG" + signal + "; log: "
                            + Files.readString(dir.resolve("cli.log")))
                    .isEmpty();
        }
    }

    /** SIGKILL runs no hook: the staging files stay, and the next write to the same name removes them. */
    @org.junit.jupiter.api.Test
    void theNextWriteRemovesWhatAKilledWriterLeft() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (StallingRegistry registry = StallingRegistry.start()) {
            Process cli = startCopy(registry, out);
            try {
                awaitStagedBlobBytes(out, cli);
                new ProcessBuilder("kill", "-KILL", Long.toString(cli.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                cli.destroyForcibly();
            }
        }
        assertThat(list(out)).hasSize(2).allMatch(n -> n.startsWith(".app.tar.staging-"));
        Files.createDirectories(out.resolve(".other.tar.staging-x")); // another target's: not ours to touch
        try (io.jenkins.plugins.imagemirror.core.archive.StagingDirectory next =
                io.jenkins.plugins.imagemirror.core.archive.StagingDirectory.beside(out.resolve("app.tar"))) {
            assertThat(list(out))
                    .containsExactlyInAnyOrder(
                            ".other.tar.staging-x",
                            next.path().getFileName().toString(),
                            next.path().getFileName() + ".lock");
        }
        assertThat(list(out)).containsExactly(".other.tar.staging-x");
    }

    /** Waits until the staging directory holds the layer's first bytes: the copy is mid-write from then on. */
    static void awaitStagedBlobBytes(Path out, Process writer) throws IOException, InterruptedException {
        while (!hasStagedBytes(out)) {
            if (writer != null && !writer.isAlive()) {
                throw new AssertionError("the writer ended before staging anything (exit " + writer.exitValue() + ")");
            }
            Thread.sleep(20); // polling for a state, not timing: the source stalls until the test ends
        }
    }

    private static boolean hasStagedBytes(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.anyMatch(p -> p.toString().contains(".staging-")
                    && Files.isRegularFile(p)
                    && p.getFileName().toString().endsWith(".tmp")
                    && size(p) >= StallingRegistry.SENT);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static List<String> list(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString()
                + (File.separatorChar == '\\' ? ".exe" : "");
    }

    /**
     * The CLI in a child JVM, copying the stalling registry's image to {@code out/app.tar}; its output in cli.log.
     * SIGINT restored to its default first, as in a terminal: a non-interactive shell starts background jobs (CI's
     * Maven) with SIGINT ignored, children inherit that, and the JVM then installs no handler for it.
     */
    private Process startCopy(StallingRegistry registry, Path out) throws IOException {
        return new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        javaBin(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "copy",
                        "-q",
                        "--plain-http",
                        registry.host(),
                        "docker://" + registry.reference(),
                        "oci-archive:" + out.resolve("app.tar"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("cli.log").toFile())
                .start();
    }
}
