package io.jenkins.plugins.imagemirror.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP server on loopback that records every request it gets (method, path, Authorization header) and
 * answers with a scripted handler: the place credentials must never reach unless plain HTTP was allowed.
 */
final class CaptureServer implements AutoCloseable {
    record Request(String method, String path, String authorization) {}

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    CaptureServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.getRequestBody().readAllBytes();
                handler.handle(exchange);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "capture-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    long withAuthorization() {
        return requests.stream().filter(r -> r.authorization() != null).count();
    }

    static void respond(HttpExchange exchange, int status, String header, String value) throws IOException {
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        exchange.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
