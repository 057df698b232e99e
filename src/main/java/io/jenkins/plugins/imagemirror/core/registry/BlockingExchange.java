package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * One blocking HTTP/1.1 exchange on {@link HttpURLConnection}, for every request to a registry and its token service
 * but a chunked upload's PATCH (a method HttpURLConnection refuses: {@link PatchExchange}). The caller's thread
 * reads and writes the socket itself, with no per-read buffer and no hand-off between threads: on two cores a blob
 * moves for 40-45 % less CPU than through {@code java.net.http}'s reactive pipeline (docs/benchmarks.md, "Throughput
 * changes"), and a first call in a fresh JVM loads none of that client's ~280 classes, nor starts its selector
 * thread ("Cold path changes"). {@link RegistryTransport} decides, authenticates, follows redirects and retries.
 *
 * <p>Nothing JVM-global is used: the registry's own TLS context and proxy, no default {@link java.net.Authenticator}
 * (a 401 comes back to us), no response cache, no redirects followed by the JDK, and a strict host-name check that a
 * JVM-wide {@link HttpsURLConnection#setDefaultHostnameVerifier} cannot loosen. Connections are kept alive by the
 * JDK's pool for this protocol, host, port and TLS socket factory.
 */
final class BlockingExchange {
    /** Never credentials from the JVM's default Authenticator (on a Jenkins agent: whatever a plugin set there). */
    private static final java.net.Authenticator NO_CREDENTIALS = new java.net.Authenticator() {};
    /** Asked only when the JDK's own host-name check failed: then the answer is no. */
    private static final HostnameVerifier STRICT = (host, session) -> false;

    private static final int BUFFER = 64 * 1024;

    private final RegistrySettings settings;
    private final SSLContext tls;
    private final HttpProxy proxy;
    private volatile SSLSocketFactory socketFactory;

    /** @param proxy null for the JVM's default ProxySelector */
    BlockingExchange(RegistrySettings settings, SSLContext tls, HttpProxy proxy) {
        this.settings = settings;
        this.tls = tls;
        this.proxy = proxy;
    }

    /**
     * Sends {@code call} to {@code uri} and returns its status, headers and body (the error body for 4xx and 5xx);
     * the caller closes the body. A streamed upload fails once its body made no progress for the read timeout.
     * {@code authorization} null sends none (the call's own headers may carry one, as a token request does).
     */
    Response send(Call call, URI uri, String authorization) throws IOException {
        HttpURLConnection c = open(uri);
        c.setRequestMethod(call.method);
        c.setConnectTimeout(millis(settings.connectTimeout()));
        c.setReadTimeout(millis(call.timeout != null ? call.timeout : settings.readTimeout()));
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setAuthenticator(NO_CREDENTIALS);
        c.setRequestProperty("Accept", "*/*");
        call.headers.forEach(c::setRequestProperty);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        try {
            int status = call.upload != null ? upload(call, c) : hasBody(call) ? post(call, c) : c.getResponseCode();
            if (status < 0) {
                throw new IOException("no valid HTTP status line");
            }
            return new Response(status, c.getHeaderFields(), body(c, status), uri);
        } catch (HttpRetryException e) {
            // a 401 to a streamed body: the JDK gives up on its own; the transport explains it
            return new Response(e.responseCode(), Map.of(), InputStream.nullInputStream(), uri);
        } catch (IOException | RuntimeException e) {
            c.disconnect();
            throw e;
        }
    }

    private HttpURLConnection open(URI uri) throws IOException {
        URLConnection connection =
                proxy == null ? uri.toURL().openConnection() : uri.toURL().openConnection(javaProxy());
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(socketFactory());
            https.setHostnameVerifier(STRICT);
        }
        return (HttpURLConnection) connection;
    }

    private Proxy javaProxy() {
        return proxy.isDirect()
                ? Proxy.NO_PROXY
                : new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
    }

    /** One factory per registry: the JDK pools TLS connections per factory instance. */
    private SSLSocketFactory socketFactory() {
        SSLSocketFactory f = socketFactory;
        if (f == null) {
            f = tls.getSocketFactory();
            socketFactory = f;
        }
        return f;
    }

    /**
     * Copies the call's body into the request and returns the response's status. A registry that stops reading
     * blocks the write, one that never answers blocks the wait: a watchdog closes the connection once the body made
     * no progress for the read timeout, counting the wait for the answer (a slow upload that moves is never cut).
     */
    private int upload(Call call, HttpURLConnection c) throws IOException {
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(call.uploadLength);
        long limit = settings.readTimeout().toNanos();
        call.progress();
        AtomicBoolean stalled = new AtomicBoolean();
        long period = Math.max(50, settings.readTimeout().toMillis() / 4);
        ScheduledFuture<?> watchdog = StallGuard.TIMER.scheduleAtFixedRate(
                () -> {
                    if (System.nanoTime() - call.lastProgress.get() > limit) {
                        stalled.set(true);
                        c.disconnect();
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        try {
            try (OutputStream out = c.getOutputStream()) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = call.upload.read(buffer)) >= 0) {
                    if (Thread.currentThread().isInterrupted()) { // a blocking socket write does not see interrupts
                        throw new InterruptedIOException("interrupted while sending a blob");
                    }
                    out.write(buffer, 0, n);
                    call.progress();
                }
            }
            return c.getResponseCode();
        } catch (IOException e) {
            if (stalled.get()) {
                throw RegistryTransport.uploadStalled(settings);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** POST and PUT always send a body, if empty: {@code Content-Length: 0} (some front ends answer 411 without). */
    private static boolean hasBody(Call call) {
        return call.content != null || call.method.equals("POST") || call.method.equals("PUT");
    }

    /**
     * Sends a body that is all in memory (a manifest, at most 4 MiB; an empty POST) with its length. Streamed, not
     * buffered by the JDK, so that the JDK never sends it again on its own (it retries a buffered POST on a stale
     * connection): the transport alone decides retries. A 401 still reaches the transport with its challenge
     * ({@code getResponseCode} reads the status line the JDK's own 401 handling gave up on).
     */
    private static int post(Call call, HttpURLConnection c) throws IOException {
        byte[] content = call.content == null ? new byte[0] : call.content;
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(content.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(content);
        }
        return c.getResponseCode();
    }

    /** Closing it returns the connection to the JDK's keep-alive pool (when the body was read to its end). */
    private static InputStream body(HttpURLConnection c, int status) throws IOException {
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return in == null ? InputStream.nullInputStream() : in;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
