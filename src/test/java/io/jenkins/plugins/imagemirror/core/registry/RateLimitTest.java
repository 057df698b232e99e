package io.jenkins.plugins.imagemirror.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void dockerHubHeaders() {
        RateLimit r = RateLimit.parse("100;w=21600", "76;w=21600").orElseThrow();
        assertThat(r).isEqualTo(new RateLimit(100, 76, Duration.ofSeconds(21600)));
        assertThat(r.toString()).isEqualTo("76 of 100 pulls left per 6 h");
    }

    @Test
    void windowFromEitherHeaderAndSpaces() {
        assertThat(RateLimit.parse("200; w=21600", "0").orElseThrow())
                .isEqualTo(new RateLimit(200, 0, Duration.ofHours(6)));
        assertThat(RateLimit.parse(null, "5;w=60").orElseThrow())
                .isEqualTo(new RateLimit(-1, 5, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("10", "3").orElseThrow().toString()).isEqualTo("3 of 10 pulls left");
    }

    @Test
    void absentOrMalformedRemainingIsNothingToReport() {
        assertThat(RateLimit.parse("100;w=21600", null)).isEmpty();
        assertThat(RateLimit.parse("100", "lots")).isEmpty();
        assertThat(RateLimit.parse("100", "-1")).isEmpty();
        assertThat(RateLimit.parse("oops", "7;w=x")).isEmpty();
        assertThat(RateLimit.parse("oops", "7").orElseThrow()).isEqualTo(new RateLimit(-1, 7, null));
    }
}
