package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void aWaitThatWouldBreakTheCapIsNotStarted() throws Exception {
        RetryBudget b = new RetryBudget(RegistrySettings.defaults("r:1").withRetries(5, Duration.ofMillis(100)));
        b.startAttempt();
        assertThat(b.waitBeforeRetry(Duration.ofMillis(60))).isTrue();
        b.startAttempt();
        // not started, whatever the machine's speed: with the thread interrupted, a sleep would throw at once
        Thread.currentThread().interrupt();
        try {
            assertThat(b.waitBeforeRetry(Duration.ofMillis(60))).isFalse();
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt was left for us: nothing slept")
                    .isTrue();
        }
        assertThat(b.gaveUp(Duration.ofMillis(60)))
                .isEqualTo("; gave up after 2 attempts / 0.1 s (max retry wait 0.1 s)");
    }

    @Test
    void attemptCapAndTheRegistrysOwnLongWait() throws Exception {
        RetryBudget b = new RetryBudget(RegistrySettings.defaults("r:1").withRetries(1, Duration.ofSeconds(2)));
        b.startAttempt();
        assertThat(b.waitBeforeRetry(Duration.ZERO)).isFalse();
        assertThat(b.gaveUp(Duration.ZERO)).isEqualTo("; gave up after 1 attempt / 0.0 s (max attempts 1)");
        RetryBudget c = new RetryBudget(RegistrySettings.defaults("r:1").withRetries(5, Duration.ofSeconds(2)));
        c.startAttempt();
        assertThat(c.waitBeforeRetry(Duration.ofSeconds(3600))).isFalse();
        assertThat(c.gaveUp(Duration.ofSeconds(3600)))
                .isEqualTo("; gave up after 1 attempt / 0.0 s (max retry wait"
                        + " 2 s, the registry asked to wait 3600 s)");
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        RetryBudget b = new RetryBudget(RegistrySettings.defaults("r:1").withRetries(50, Duration.ofHours(1)));
        b.startAttempt();
        assertThat(b.backoff()).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
        b.startAttempt();
        b.startAttempt();
        assertThat(b.backoff()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        for (int i = 0; i < 20; i++) {
            b.startAttempt();
        }
        assertThat(b.backoff()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void hintsNameTheWayOut() {
        assertThat(new RetryBudget(RegistrySettings.defaults("docker.io")).hint(429))
                .isEqualTo("; raise maxRetryWait or log in (Docker Hub: 200 pulls/6 h instead of 100)");
        assertThat(new RetryBudget(RegistrySettings.defaults("docker.io")
                                .withCredentials(new RegistryCredentials("u", "p")))
                        .hint(429))
                .isEqualTo("; raise maxRetryWait or wait until the registry's rate limit resets");
        assertThat(new RetryBudget(RegistrySettings.defaults("r:1")).hint(503))
                .isEqualTo("; the registry is failing or overloaded: try again later or raise maxRetryWait");
    }
}
