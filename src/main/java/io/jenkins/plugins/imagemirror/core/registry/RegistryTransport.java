package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@link Call}s to one registry: authenticates them ({@link Authenticator}), follows redirects (the
 * {@code Authorization} header goes only to the registry's own origin, never to blob storage elsewhere), retries
 * connection failures, 5xx and 429 with exponential backoff and jitter, honouring {@code Retry-After}, while the
 * total wait stays within {@link RegistrySettings#maxRetryWait()}, and reports {@code ratelimit-*} headers.
 * Failures become {@link RegistryException}s that say what was done, to what, why, and what to do.
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final RegistrySettings settings;
    private final HttpClient http;
    private final Authenticator authenticator;
    private final RateLimitListener rateLimits;
    private final URI origin;
    private final BlobExchange blobs;

    RegistryTransport(RegistrySettings settings, HttpClient http, RateLimitListener rateLimits, BlobExchange blobs) {
        this.settings = settings;
        this.http = http;
        this.blobs = blobs;
        this.authenticator = new Authenticator(settings, http);
        this.rateLimits = rateLimits;
        this.origin = URI.create((settings.plainHttp() ? "http" : "https") + "://" + settings.apiHost() + "/");
    }

    URI origin() {
        return origin;
    }

    /** Sends {@code call} until it gets one of its accepted statuses; anything else throws. */
    Response send(Call call) throws IOException {
        URI uri = call.uri;
        List<String> scopes = call.scopes;
        RetryBudget retries = new RetryBudget(settings);
        int redirects = 0;
        boolean reauthenticated = false;
        while (true) {
            retries.startAttempt();
            String authorization = sameOrigin(uri)
                    ? authenticator
                            .authorization(scopes, call.operation, call.target)
                            .orElse(null)
                    : null;
            Response response;
            try {
                response = exchange(call, uri, authorization);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + call.operation + " " + call.target);
            } catch (IOException e) {
                String detail = ConnectionFailure.describe(e, hostOf(uri));
                if (ConnectionFailure.isTls(e) || !call.replayable) {
                    throw new RegistryException(call.operation, call.target, -1, null, detail, e);
                }
                Duration wait = retries.backoff();
                if (!retries.waitBeforeRetry(wait)) {
                    throw new RegistryException(
                            call.operation, call.target, -1, null, detail + retries.gaveUp(wait), e);
                }
                continue;
            }
            reportRateLimit(response);
            int status = response.status();
            if (status == 401 && sameOrigin(uri)) {
                byte[] body = drain(response);
                List<AuthChallenge> challenges =
                        AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
                List<String> retryScopes = reauthenticated || !call.replayable
                        ? null
                        : authenticator.unauthorized(challenges, scopes, authorization);
                if (retryScopes != null) {
                    reauthenticated = true;
                    scopes = retryScopes;
                    retries.forgetAttempt();
                    continue;
                }
                ErrorBody error = ErrorBody.parse(body);
                throw new RegistryException(
                        call.operation,
                        call.target,
                        status,
                        error.code(),
                        HttpStatus.describe(status) + ": " + authenticator.refusal(challenges, call.repository),
                        null);
            }
            if (call.followRedirects
                    && isRedirect(status)
                    && response.headers().firstValue("Location").isPresent()) {
                drain(response);
                if (++redirects > MAX_REDIRECTS) {
                    throw new RegistryException(
                            call.operation,
                            call.target,
                            status,
                            null,
                            "more than " + MAX_REDIRECTS + " redirects",
                            null);
                }
                uri = uri.resolve(response.headers().firstValue("Location").get());
                retries.forgetAttempt();
                continue;
            }
            if (call.accepted.contains(status)) {
                return response;
            }
            byte[] body = drain(response);
            ErrorBody error = ErrorBody.parse(body);
            String detail = HttpStatus.describe(status) + (error.summary() == null ? "" : " (" + error.summary() + ")");
            if (HttpStatus.isRetriable(status) && call.replayable) {
                Duration wait = RetryAfter.parse(
                                response.headers().firstValue("Retry-After").orElse(null), Instant.now())
                        .orElse(retries.backoff());
                if (retries.waitBeforeRetry(wait)) {
                    continue;
                }
                throw new RegistryException(
                        call.operation,
                        call.target,
                        status,
                        error.code(),
                        detail + retries.gaveUp(wait) + retries.hint(status),
                        null);
            }
            throw new RegistryException(call.operation, call.target, status, error.code(), detail + hint(status), null);
        }
    }

    /** Sends a request that must not fail the caller (cancelling an upload); errors are ignored. */
    void sendQuietly(Call call) {
        try {
            send(call).close();
        } catch (IOException | RuntimeException e) {
            // best effort: the registry expires abandoned uploads itself
        }
    }

    static final String UPLOAD_STALLED = "the upload made no progress for ";

    /**
     * One request, up to its response headers. Blob bytes go through {@link BlobExchange} (blocking, on this
     * thread), except a chunked upload's PATCH (a method HttpURLConnection refuses). A streamed upload is also
     * watched for progress, on either path: the size-scaled upload timeout alone would let a stalled 1 GiB upload
     * hang for over an hour, so the upload fails once its body made no progress for the read timeout (a slow
     * upload that keeps moving is never cut off).
     */
    private Response exchange(Call call, URI uri, String authorization) throws IOException, InterruptedException {
        if (call.blobBytes) {
            return blobs.send(call, uri, authorization);
        }
        if (call.replayable) {
            return response(
                    http.send(request(call, uri, authorization), HttpResponse.BodyHandlers.ofInputStream()), uri);
        }
        call.progress();
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(request(call, uri, authorization), HttpResponse.BodyHandlers.ofInputStream());
        long limit = settings.readTimeout().toNanos();
        while (true) {
            long idle = System.nanoTime() - call.lastProgress.get();
            if (idle >= limit) {
                pending.cancel(true);
                throw new HttpTimeoutException(
                        UPLOAD_STALLED + settings.readTimeout().toMillis() / 1000.0
                                + " s (read timeout): the registry stopped reading it");
            }
            try {
                return response(pending.get(limit - idle, TimeUnit.NANOSECONDS), uri);
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

    private static Response response(HttpResponse<InputStream> r, URI uri) {
        return new Response(r.statusCode(), r.headers(), r.body(), uri);
    }

    private HttpRequest request(Call call, URI uri, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(call.timeout != null ? call.timeout : settings.readTimeout())
                .method(call.method, body(call));
        call.headers.forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static HttpRequest.BodyPublisher body(Call call) {
        if (call.upload != null) {
            InputStream upload = call.upload;
            return HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> upload), call.uploadLength);
        }
        return call.body == null ? HttpRequest.BodyPublishers.noBody() : call.body.get();
    }

    private void reportRateLimit(Response response) {
        Optional<RateLimit> limit = RateLimit.parse(
                response.headers().firstValue("ratelimit-limit").orElse(null),
                response.headers().firstValue("ratelimit-remaining").orElse(null));
        if (limit.isPresent()) {
            try {
                rateLimits.rateLimit(settings.host(), limit.get());
            } catch (RuntimeException e) {
                // a listener's failure must not fail the transfer
            }
        }
    }

    private String hint(int status) {
        return switch (status) {
            case 403 -> ": access denied (check the account's permissions for this repository)";
            case 404 -> ": not found (check the repository name, tag or digest)";
            case 413 -> ": the registry or a proxy in front of it rejects large requests (use chunked uploads)";
            default -> "";
        };
    }

    private static byte[] drain(Response response) {
        try (InputStream in = response.body()) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Same scheme, host and port as the registry: only there do credentials and tokens go. */
    boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), origin.getScheme())
                && origin.getHost().equalsIgnoreCase(uri.getHost())
                && port(uri) == port(origin);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static String hostOf(URI uri) {
        return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }
}
