package io.jenkins.plugins.imagemirror.faults;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-registry} process of the test's own (not the shared bed's), on its own port and storage
 * directory, so a test may kill it with SIGKILL, restart it on the same port and storage, or corrupt its files.
 * Plain HTTP and anonymous unless {@code extraYaml} adds TLS or auth. Stopped (by its own PID) on close.
 */
final class OwnRegistry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private OwnRegistry(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes the config under {@code dir} and starts the registry; returns when {@code /v2/} answers. */
    static OwnRegistry start(Path dir, String extraYaml) throws IOException {
        int port = freePort();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(
                dir.resolve("config.yml"),
                "version: 0.1\n"
                        + "log: {level: warn, accesslog: {disabled: true}}\n"
                        + "storage:\n  filesystem: {rootdirectory: " + dir.resolve("data") + "}\n"
                        + "  delete: {enabled: true}\n  maintenance: {uploadpurging: {enabled: false}}\n"
                        + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: faults-" + port + "\n" + extraYaml);
        OwnRegistry registry = new OwnRegistry(dir, port);
        registry.start();
        return registry;
    }

    /** host:port */
    String address() {
        return "127.0.0.1:" + port;
    }

    Path storage() {
        return dir.resolve("data");
    }

    /** The file the registry serves for a blob (filesystem driver layout). */
    Path blobFile(String hex) {
        return storage().resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    /** (Re)starts on the same port and storage; returns when it answers. */
    void start() throws IOException {
        process = new ProcessBuilder(
                        "docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        // polls until it answers; the bound only ends a hang (a loaded machine starts it slower, never fails it)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry on " + address() + " exited: "
                        + Files.readString(dir.resolve("registry.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create("http://" + address() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(500);
                int code = c.getResponseCode();
                c.disconnect();
                if (code > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // TLS registries answer a plain request with 400, which counts as up; refused means not yet
            }
            sleep(50);
        }
        throw new IOException("docker-registry on " + address() + " not ready after 60 s");
    }

    /** SIGKILL, as a crash or an OOM kill would; waits until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    /**
     * A free loopback port in {@code TESTBED_PORT_BASE + 500 .. + 999} (the bed takes the first ones of its
     * 1000-port range), so parallel sessions with their own ranges do not collide.
     */
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    static synchronized int freePort() throws IOException {
        String base = System.getenv("TESTBED_PORT_BASE");
        int start = (base == null ? 15000 : Integer.parseInt(base))
                + 500
                + (int) (ProcessHandle.current().pid() % 25) * 8;
        for (int p = start; p < start + 300; p++) {
            if (HANDED_OUT.contains(p)) {
                continue; // given to a process that may not have bound it yet
            }
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                HANDED_OUT.add(p);
                return p;
            } catch (IOException busy) {
                // next
            }
        }
        throw new IOException("no free port in " + start + ".." + (start + 299));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
