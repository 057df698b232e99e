package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void delaySeconds() {
        assertThat(RetryAfter.parse("1", NOW)).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    }

    @Test
    void httpDate() {
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 20:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 19:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void absentOrUnreadableMeansBackOffOnOurOwn() {
        assertThat(RetryAfter.parse(null, NOW)).isEqualTo(Optional.empty());
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
    }

    @Test
    void hugeValueIsAVeryLongWaitNotAnError() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW).orElseThrow())
                .isGreaterThan(Duration.ofDays(365));
    }
}
