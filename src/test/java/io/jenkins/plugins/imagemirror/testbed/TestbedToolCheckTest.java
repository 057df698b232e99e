package io.jenkins.plugins.imagemirror.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test bed's tool check (issue 11, "set-up as people have it"): when a package the bed or the integration tests
 * need is missing, {@code testbed.sh up} (which Maven runs before the integration tests) stops before starting
 * anything, with exit code 3 and one line naming what is missing, its Debian package and the set-up command.
 */
class TestbedToolCheckTest {
    private static final Path SCRIPT = Path.of("resources/testbed/testbed.sh").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aMissingToolStopsUpWithOneLineNamingItAndTheSetUpCommand() throws Exception {
        Path bed = tmp.resolve("bed");
        Result r = run(Map.of("PATH", pathWithout(Set.of("skopeo"))), "up", bed);
        try {
            assertThat(r.exit).as(r.stderr).isEqualTo(3);
            assertThat(r.stderr.lines()).as(r.stderr).hasSize(1);
            assertThat(r.stderr)
                    .startsWith("testbed: missing ")
                    .contains("skopeo")
                    .contains("Debian packages: ")
                    .contains("skopeo")
                    .contains("`bash resources/install-packages.sh` (as root, or a user with sudo)");
            assertThat(bed.resolve("pids")).as("nothing was started").doesNotExist();
            assertThat(bed.resolve("testbed.env")).doesNotExist();
        } finally {
            if (Files.isDirectory(bed.resolve("pids"))) { // a regression started the bed: stop it
                run(Map.of(), "down", bed);
            }
        }
    }

    @Test
    void aMissingPythonModuleIsNamedWithItsPackage() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "Debian's python3 (the interpreter the CRI size check uses)");
        // a grpc_tools package earlier on the module path that fails to import, as if python3-grpc-tools were absent
        Path shadow = Files.createDirectories(tmp.resolve("py/grpc_tools"));
        Files.writeString(shadow.resolve("__init__.py"), "raise ImportError('shadowed by the test')\n");

        Result r = run(Map.of("PYTHONPATH", tmp.resolve("py").toString()), "check", tmp.resolve("bed"));

        assertThat(r.exit).as(r.stderr).isEqualTo(3);
        assertThat(r.stderr.lines()).hasSize(1);
        assertThat(r.stderr)
                .contains("python3 module grpc_tools")
                .contains("python3-grpc-tools")
                .contains("bash resources/install-packages.sh");
    }

    /**
     * The README's set-up command works for a user with sudo (it runs itself again through sudo) and tells a user
     * without sudo to run it as root (a fresh Debian has no sudo package). Runs the script as {@code nobody}, with a
     * stand-in sudo that only records its arguments.
     */
    @Test
    void installPackagesElevatesItselfThroughSudoOnlyWhenNotRootAndSudoExists() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the script as another user");
        Path script = Path.of("resources/install-packages.sh").toAbsolutePath();
        Path bin = Files.createDirectories(tmp.resolve("sudo-bin"));
        Files.writeString(bin.resolve("sudo"), "#!/bin/sh\necho \"sudo $*\"\n");
        bin.resolve("sudo").toFile().setExecutable(true, false);
        tmp.toFile().setExecutable(true, false);
        bin.toFile().setExecutable(true, false);

        ProcessResult withSudo = runAsNobody(bin + ":/usr/bin:/bin", script);
        assertThat(withSudo.exit).as(withSudo.output).isZero();
        assertThat(withSudo.output.strip()).isEqualTo("sudo -- bash " + script);

        ProcessResult withoutSudo = runAsNobody("/usr/bin:/bin", script);
        assertThat(withoutSudo.exit).isEqualTo(2);
        assertThat(withoutSudo.output.strip())
                .isEqualTo("install-packages.sh: installing Debian packages needs root,"
                        + " and sudo is not installed: run it as root (su -c 'bash " + script + "')");
    }

    private record ProcessResult(int exit, String output) {}

    private static ProcessResult runAsNobody(String path, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "/usr/bin/setpriv",
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        "/usr/bin/env",
                        "PATH=" + path,
                        "/bin/bash",
                        script.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), output);
    }

    private record Result(int exit, String stderr) {}

    private static Result run(Map<String, String> env, String verb, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), verb, dir.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), stderr);
    }

    /** A PATH of one directory holding links to everything on the current PATH except {@code absent}. */
    private String pathWithout(Set<String> absent) throws IOException {
        Path pathDir = Files.createDirectories(tmp.resolve("bin"));
        for (String entry :
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path d = Path.of(entry);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                for (Path f : files) {
                    Path link = pathDir.resolve(f.getFileName().toString());
                    if (!absent.contains(f.getFileName().toString())
                            && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, f);
                    }
                }
            }
        }
        return pathDir.toString();
    }
}
