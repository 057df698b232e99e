package io.jenkins.plugins.imagemirror.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A registry (plain HTTP, 127.0.0.1) serving one image {@code stall/app:1} whose one layer stops after its first
 * {@link #SENT} bytes until {@link #close()}: a copy from it is deterministically mid-write, with its archive's
 * staging files on disk, for as long as a test needs (no timing involved).
 */
public final class StallingRegistry implements AutoCloseable {
    public static final int LAYER = 4 * 1024 * 1024;
    public static final int SENT = 256 * 1024;
    public static final String REPOSITORY = "stall/app";

    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final byte[] layer = new byte[LAYER];
    private final byte[] config;
    private final byte[] manifest;

    private StallingRegistry() throws IOException {
        new Random(7).nextBytes(layer);
        config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + sha256(layer) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + sha256(config)
                        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(layer) + "\",\"size\":"
                        + LAYER
                        + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stalling-registry");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static StallingRegistry start() throws IOException {
        return new StallingRegistry();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT/stall/app:1}. */
    public String reference() {
        return host() + "/" + REPOSITORY + ":1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        try (exchange) {
            if (path.equals("/v2/") || path.equals("/v2")) {
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), head);
            } else if (path.startsWith("/v2/" + REPOSITORY + "/manifests/")) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", sha256(manifest));
                send(exchange, 200, "application/vnd.oci.image.manifest.v1+json", manifest, head);
            } else if (path.equals("/v2/" + REPOSITORY + "/blobs/" + sha256(config))) {
                send(exchange, 200, "application/octet-stream", config, head);
            } else if (path.equals("/v2/" + REPOSITORY + "/blobs/" + sha256(layer))) {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, head ? -1 : LAYER);
                if (!head) {
                    OutputStream out = exchange.getResponseBody();
                    out.write(layer, 0, SENT);
                    out.flush();
                    release.await();
                }
            } else {
                send(
                        exchange,
                        404,
                        "application/json",
                        "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes(StandardCharsets.UTF_8),
                        head);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        }
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
