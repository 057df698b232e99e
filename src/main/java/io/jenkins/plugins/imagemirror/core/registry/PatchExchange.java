package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A chunked upload's PATCH, the one request {@code HttpURLConnection} refuses to send (its method list is fixed), on
 * the JDK's {@code java.net.http} client with the registry's TLS context and proxy. Built by {@link RegistryTransport}
 * on the first PATCH only: the client costs a fresh JVM ~280 classes and a selector thread, and a monolithic upload
 * (the default) never needs it. {@link RegistryTransport} authenticates, follows redirects and maps errors, as for
 * every other exchange.
 */
final class PatchExchange {
    /** The JDK HTTP client's buffer per socket read and per request-body chunk (its default: 16 KiB). */
    static final String HTTP_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    static final int HTTP_BUFFER_BYTES = 64 * 1024;

    static {
        // 64 KiB buffers, the copier's own, instead of 16 KiB: a quarter of the passes of each chunk's bytes through
        // the client's reactive pipeline (docs/benchmarks.md, "Throughput changes"). The JDK reads the property
        // once, when its first HTTP client is built: before ours only if no other code in this JVM built one. A
        // value set by the user wins.
        if (System.getProperty(HTTP_BUFFER_PROPERTY) == null) {
            System.setProperty(HTTP_BUFFER_PROPERTY, Integer.toString(HTTP_BUFFER_BYTES));
        }
    }

    private final RegistrySettings settings;
    private final HttpClient http;

    /** @param proxy null for the JVM's default ProxySelector */
    PatchExchange(RegistrySettings settings, SSLContext tls, HttpProxy proxy) {
        this.settings = settings;
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // followed by the transport: Authorization must not leak
                .connectTimeout(settings.connectTimeout())
                .sslContext(tls);
        if (proxy != null) {
            http.proxy(proxy.selector());
        }
        this.http = http.build();
    }

    /**
     * Streams the call's body and returns the response, up to its headers; fails once the body made no progress for
     * the read timeout (the size-scaled request timeout alone would let a stalled chunk hang for an hour), never
     * while it moves.
     */
    Response send(Call call, URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(call.timeout != null ? call.timeout : settings.readTimeout())
                .method(
                        call.method,
                        HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> call.upload), call.uploadLength));
        call.headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        call.progress();
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        long limit = settings.readTimeout().toNanos();
        while (true) {
            long idle = System.nanoTime() - call.lastProgress.get();
            if (idle >= limit) {
                pending.cancel(true);
                throw RegistryTransport.uploadStalled(settings);
            }
            try {
                HttpResponse<InputStream> r = pending.get(limit - idle, TimeUnit.NANOSECONDS);
                return new Response(r.statusCode(), r.headers().map(), r.body(), uri);
            } catch (TimeoutException e) {
                // look at the progress again
            } catch (InterruptedException e) {
                pending.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause() == null ? e : e.getCause());
            }
        }
    }
}
