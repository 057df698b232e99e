package io.jenkins.plugins.imagemirror.core.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** One registry request as {@link RegistryTransport} sends it: what it is for (for messages), and how to send it. */
final class Call {
    final String operation;
    final String target;
    final String repository;
    final String method;
    final URI uri;
    final Map<String, String> headers = new LinkedHashMap<>();
    List<String> scopes = List.of();
    Set<Integer> accepted = Set.of(200);
    Supplier<HttpRequest.BodyPublisher> body;
    /** Whether the body can be sent again: a streamed blob cannot, so such a call is never retried. */
    boolean replayable = true;

    /** A blob's bytes to stream as the body ({@link #stream}), never retried; null for other calls. */
    java.io.InputStream upload;

    long uploadLength;
    /** Sent by {@link BlobExchange} on the caller's thread instead of java.net.http ({@link #blobBytes()}). */
    boolean blobBytes;

    boolean followRedirects;
    /** Overrides the settings' read timeout: an upload's response comes only after its whole body is sent. */
    java.time.Duration timeout;
    /** {@link System#nanoTime()} when a streamed body last handed bytes to the HTTP client ({@link #progress}). */
    final java.util.concurrent.atomic.AtomicLong lastProgress =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    Call(String operation, String target, String repository, String method, URI uri) {
        this.operation = operation;
        this.target = target;
        this.repository = repository;
        this.method = method;
        this.uri = uri;
    }

    Call header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Call scopes(List<String> newScopes) {
        scopes = newScopes;
        return this;
    }

    Call accept(Integer... statuses) {
        accepted = Set.of(statuses);
        return this;
    }

    Call body(Supplier<HttpRequest.BodyPublisher> publisher, boolean canReplay) {
        body = publisher;
        replayable = canReplay;
        return this;
    }

    /** Streams exactly {@code length} bytes of {@code content} as the body; the call is not replayable. */
    Call stream(java.io.InputStream content, long length) {
        upload = content;
        uploadLength = length;
        replayable = false;
        return this;
    }

    /** Blob bytes (a GET, a streamed PUT): sent and read on the caller's thread, straight from the socket. */
    Call blobBytes() {
        blobBytes = true;
        return this;
    }

    /** A streamed body made progress: the upload is alive, however long it takes in all. */
    void progress() {
        lastProgress.set(System.nanoTime());
    }

    Call timeout(java.time.Duration newTimeout) {
        timeout = newTimeout;
        return this;
    }

    Call followRedirects() {
        followRedirects = true;
        return this;
    }
}
