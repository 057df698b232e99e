package io.jenkins.plugins.imagemirror.core.registry;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retries of one request: at most {@link RegistrySettings#maxAttempts()} attempts, and at most
 * {@link RegistrySettings#maxRetryWait()} spent waiting between them in total. A wait that would break the cap is
 * not started: the request fails at once, saying how far it got and which cap stopped it.
 */
final class RetryBudget {
    private static final Duration BACKOFF_BASE = Duration.ofMillis(250);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(8);

    private final RegistrySettings settings;
    private int attempts;
    private Duration waited = Duration.ZERO;

    RetryBudget(RegistrySettings settings) {
        this.settings = settings;
    }

    void startAttempt() {
        attempts++;
    }

    /** The last attempt does not count (a redirect or a re-authentication is part of the same attempt). */
    void forgetAttempt() {
        attempts--;
    }

    /** Exponential from 250 ms, capped at 8 s, with jitter in [50 %, 100 %] so that parallel clients spread out. */
    Duration backoff() {
        long max = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(Math.max(attempts - 1, 0), 10));
        return Duration.ofMillis(max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1));
    }

    /** Waits {@code wait} and returns true, or returns false at once when that would exceed a cap. */
    boolean waitBeforeRetry(Duration wait) throws InterruptedIOException {
        if (attempts >= settings.maxAttempts() || waited.plus(wait).compareTo(settings.maxRetryWait()) > 0) {
            return false;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
        waited = waited.plus(wait);
        return true;
    }

    /** {@code ; gave up after 3 attempts / 2.0 s (max retry wait 2 s)}: which cap stopped a wait of {@code next}. */
    String gaveUp(Duration next) {
        String cap = attempts >= settings.maxAttempts()
                ? "max attempts " + settings.maxAttempts()
                : "max retry wait " + seconds(settings.maxRetryWait())
                        + (next.compareTo(settings.maxRetryWait()) > 0
                                ? ", the registry asked to wait " + seconds(next)
                                : "");
        return "; gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " / "
                + String.format(Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0) + " (" + cap + ")";
    }

    /** What to do about a status that stayed retriable until the cap. */
    String hint(int status) {
        if (status == 429) {
            return "; raise maxRetryWait"
                    + (settings.isDockerHub() && settings.credentials() == null
                            ? " or log in (Docker Hub: 200 pulls/6 h instead of 100)"
                            : " or wait until the registry's rate limit resets");
        }
        return "; the registry is failing or overloaded: try again later or raise maxRetryWait";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
