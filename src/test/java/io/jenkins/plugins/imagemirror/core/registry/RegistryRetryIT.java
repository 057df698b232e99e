package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limiting as Docker Hub does it, through the test bed's nginx in front of the plain registry: RATELIMIT
 * answers manifest GETs beyond 1/s (burst 2) with 429 + Retry-After: 1; ALWAYS429 answers every manifest request so.
 */
class RegistryRetryIT {
    private static final String PLAIN = TestbedEnv.get("PLAIN");
    private static final String RATELIMIT = TestbedEnv.get("RATELIMIT");
    private static final String ALWAYS429 = TestbedEnv.get("ALWAYS429");
    private static final String REPO = "it/retry/" + Long.toString(System.nanoTime(), 36);
    private static final SampleImage IMAGE = new SampleImage(20, 1000);

    @BeforeAll
    static void pushImage() throws Exception {
        IMAGE.push(new RegistryClient(RegistrySettings.defaults(PLAIN).withPlainHttp(true)), REPO, "1.0");
    }

    @Test
    void rateLimitedPullsSucceedOnceTheLimitClearsAndReportTheBudget() throws Exception {
        List<RateLimit> seen = new CopyOnWriteArrayList<>();
        RegistryClient client = new RegistryClient(
                RegistrySettings.defaults(RATELIMIT).withPlainHttp(true).withRetries(10, Duration.ofSeconds(20)),
                (host, limit) -> {
                    assertThat(host).isEqualTo(RATELIMIT);
                    seen.add(limit);
                });
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(client.getManifest(REPO, "1.0").digest()).isEqualTo(IMAGE.manifest.digest());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 5 GETs at 1/s with a burst of 2: the limiter must have pushed back (a 0-remaining answer below), and we
        // must have waited its Retry-After: 1 (a lower bound holds on any machine; no upper bound, which load breaks)
        assertThat(millis).isGreaterThanOrEqualTo(900L);
        assertThat(seen)
                .contains(new RateLimit(100, 76, Duration.ofHours(6)), new RateLimit(100, 0, Duration.ofHours(6)));
        // a HEAD does not count against the limit, and is not limited
        for (int i = 0; i < 5; i++) {
            assertThat(client.headManifest(REPO, "1.0")).contains(IMAGE.manifest.descriptor());
        }
    }

    @Test
    void alwaysLimitedFailsWithinTheCapWithAClearMessage() {
        RegistryClient client = new RegistryClient(
                RegistrySettings.defaults(ALWAYS429).withPlainHttp(true).withRetries(5, Duration.ofSeconds(2)));
        long start = System.nanoTime();
        RegistryException e = catchThrowableOfType(() -> client.getManifest(REPO, "1.0"), RegistryException.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e)
                .hasMessage("pulling manifest of " + ALWAYS429 + "/" + REPO + ":1.0: HTTP 429 Too Many Requests"
                        + " (TOOMANYREQUESTS: You have reached your pull rate limit. (image-mirror testbed)); gave up after"
                        + " 3 attempts / 2.0 s (max retry wait 2 s); raise maxRetryWait or wait until the registry's rate"
                        + " limit resets");
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.errorCode()).isEqualTo("TOOMANYREQUESTS");
        // the message's "2.0 s" is the waits' sum; that they were really waited is a bound no load can break
        assertThat(millis).isGreaterThanOrEqualTo(1900L);
    }

    @Test
    void attemptCapIsHonouredAsWellAsTheWaitCap() {
        RegistryClient client = new RegistryClient(
                RegistrySettings.defaults(ALWAYS429).withPlainHttp(true).withRetries(2, Duration.ofSeconds(30)));
        RegistryException e = catchThrowableOfType(() -> client.headManifest(REPO, "1.0"), RegistryException.class);
        assertThat(e)
                .hasMessage("checking manifest of " + ALWAYS429 + "/" + REPO + ":1.0: HTTP 429 Too Many Requests;"
                        + " gave up after 2 attempts / 1.0 s (max attempts 2); raise maxRetryWait or wait until the"
                        + " registry's rate limit resets");
    }

    @Test
    void noRetryWaitMeansOneAttempt() {
        RegistryClient client = new RegistryClient(
                RegistrySettings.defaults(ALWAYS429).withPlainHttp(true).withRetries(5, Duration.ZERO));
        RegistryException e = catchThrowableOfType(() -> client.getManifest(REPO, "1.0"), RegistryException.class);
        assertThat(e.getMessage())
                .contains(
                        "; gave up after 1 attempt / 0.0 s (max retry wait 0 s, the registry" + " asked to wait 1 s)");
    }
}
