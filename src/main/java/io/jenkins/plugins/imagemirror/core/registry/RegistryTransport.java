package io.jenkins.plugins.imagemirror.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Sends {@link Call}s to one registry and the services it names: authenticates them ({@link Authenticator}),
 * follows redirects (the {@code Authorization} header goes only to the registry's own origin, never to blob storage
 * elsewhere), retries connection failures, 5xx and 429 with exponential backoff and jitter, honouring
 * {@code Retry-After}, while the total wait stays within {@link RegistrySettings#maxRetryWait()}, and reports
 * {@code ratelimit-*} headers. Failures become {@link RegistryException}s that say what was done, to what, why, and
 * what to do.
 *
 * <p>Every request goes over one blocking {@link BlockingExchange} ({@code HttpURLConnection}), but a chunked
 * upload's PATCH, which goes over a {@link PatchExchange} ({@code java.net.http}) built for the first of them: a copy
 * with monolithic uploads never creates a JDK {@code HttpClient}.
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final RegistrySettings settings;
    private final Authenticator authenticator;
    private final RateLimitListener rateLimits;
    private final URI origin;
    private final SSLContext tls;
    private final HttpProxy proxy;
    private final BlockingExchange exchange;
    private volatile PatchExchange patches;

    /** @param proxy how to reach the registry; null for the JVM's default ProxySelector */
    RegistryTransport(RegistrySettings settings, RateLimitListener rateLimits, SSLContext tls, HttpProxy proxy) {
        this.settings = settings;
        this.rateLimits = rateLimits;
        this.tls = tls;
        this.proxy = proxy;
        this.exchange = new BlockingExchange(settings, tls, proxy);
        this.authenticator = new Authenticator(settings, this);
        this.origin = URI.create((settings.plainHttp() ? "http" : "https") + "://" + settings.apiHost() + "/");
    }

    URI origin() {
        return origin;
    }

    /** Sends {@code call} until it gets one of its accepted statuses; anything else throws. */
    Response send(Call call) throws IOException {
        URI uri = call.uri;
        List<String> scopes = call.scopes;
        boolean toRegistry = call.service == null;
        RetryBudget retries = new RetryBudget(settings);
        int redirects = 0;
        boolean reauthenticated = false;
        while (true) {
            if (Thread.currentThread().isInterrupted()) { // a blocking socket does not see interrupts: stop here
                throw new InterruptedIOException("interrupted while " + call.operation + " " + call.target);
            }
            retries.startAttempt();
            String authorization = toRegistry && sameOrigin(uri)
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
                String failure = ConnectionFailure.describe(e, hostOf(uri));
                String detail = toRegistry ? failure : "cannot reach " + call.service + " (" + failure + ")";
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
            if (toRegistry) {
                reportRateLimit(response);
            }
            int status = response.status();
            if (status == 401 && toRegistry && sameOrigin(uri)) {
                byte[] body = drain(response);
                List<AuthChallenge> challenges = AuthChallenge.parse(response.headers("WWW-Authenticate"));
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
                    && response.header("Location").isPresent()) {
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
                uri = uri.resolve(response.header("Location").get());
                retries.forgetAttempt();
                continue;
            }
            if (call.accepted.contains(status)) {
                return response;
            }
            byte[] body = drain(response);
            ErrorBody error = ErrorBody.parse(body);
            String detail = (toRegistry ? "" : call.service + " answered ")
                    + HttpStatus.describe(status)
                    + (error.summary() == null ? "" : " (" + error.summary() + ")");
            if (HttpStatus.isRetriable(status) && call.replayable) {
                Duration wait = RetryAfter.parse(response.header("Retry-After").orElse(null), Instant.now())
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
            throw new RegistryException(
                    call.operation, call.target, status, error.code(), detail + (toRegistry ? hint(status) : ""), null);
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

    /** What a streamed upload that made no progress for the read timeout fails with, on either exchange. */
    static HttpTimeoutException uploadStalled(RegistrySettings settings) {
        return new HttpTimeoutException(UPLOAD_STALLED + settings.readTimeout().toMillis() / 1000.0
                + " s (read timeout): the registry stopped reading it");
    }

    /** One request, up to its response headers, on the caller's thread. */
    private Response exchange(Call call, URI uri, String authorization) throws IOException, InterruptedException {
        return call.method.equals("PATCH")
                ? patches().send(call, uri, authorization)
                : exchange.send(call, uri, authorization);
    }

    private PatchExchange patches() {
        PatchExchange p = patches;
        if (p == null) {
            synchronized (this) {
                p = patches;
                if (p == null) {
                    p = new PatchExchange(settings, tls, proxy);
                    patches = p;
                }
            }
        }
        return p;
    }

    private void reportRateLimit(Response response) {
        Optional<RateLimit> limit = RateLimit.parse(
                response.header("ratelimit-limit").orElse(null),
                response.header("ratelimit-remaining").orElse(null));
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
            case 413 ->
                ": the registry or a proxy in front of it limits the size of a request (raise the limit, e.g."
                        + " nginx's client_max_body_size 0, as the registry's nginx recipe sets it)";
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
