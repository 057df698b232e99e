package io.jenkins.plugins.imagemirror.core.registry;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

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
    /** A body held in memory (a manifest); sent again as it is when the call is retried. */
    byte[] content;
    /** Whether the body can be sent again: a streamed blob cannot, so such a call is never retried. */
    boolean replayable = true;

    /** A blob's bytes to stream as the body ({@link #stream}), never retried; null for other calls. */
    InputStream upload;

    long uploadLength;

    /**
     * Who answers, for messages, when it is not the registry itself ({@link #toService}); null for the registry's
     * own API, whose requests the transport authenticates and whose 401s it answers.
     */
    String service;

    boolean followRedirects;
    /** Overrides the settings' read timeout: an upload's response comes only after its whole body is sent. */
    Duration timeout;
    /** {@link System#nanoTime()} when a streamed body last handed bytes to the connection ({@link #progress}). */
    final AtomicLong lastProgress = new AtomicLong(System.nanoTime());

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

    /** Sends {@code bytes} as the body; the call can be retried. */
    Call content(byte[] bytes) {
        content = bytes;
        return this;
    }

    /** Streams exactly {@code length} bytes of {@code body} as the body; the call is not replayable. */
    Call stream(InputStream body, long length) {
        upload = body;
        uploadLength = length;
        replayable = false;
        return this;
    }

    /**
     * A request to a service the registry named (its token service), described as {@code description} in messages
     * ("the token service of registry.corp"): sent with its own headers only, never the registry's authorization,
     * and its 401 is an answer for the caller, not a challenge.
     */
    Call toService(String description) {
        service = description;
        return this;
    }

    /** A streamed body made progress: the upload is alive, however long it takes in all. */
    void progress() {
        lastProgress.set(System.nanoTime());
    }

    Call timeout(Duration newTimeout) {
        timeout = newTimeout;
        return this;
    }

    Call followRedirects() {
        followRedirects = true;
        return this;
    }
}
