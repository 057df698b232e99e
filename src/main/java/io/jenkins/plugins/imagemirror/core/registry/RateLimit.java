package io.jenkins.plugins.imagemirror.core.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * A registry's pull budget as Docker Hub reports it: {@code ratelimit-limit: 100;w=21600} and
 * {@code ratelimit-remaining: 76;w=21600} (76 of 100 pulls left in a 6 h window).
 *
 * @param limit     pulls allowed per window, or -1 when the response did not say
 * @param remaining pulls left in the window
 * @param window    the window, or {@code null} when the header had no {@code w=}
 */
public record RateLimit(long limit, long remaining, Duration window) {

    /** Parses the two header values; empty when {@code remaining} is absent or malformed. */
    public static Optional<RateLimit> parse(String limitHeader, String remainingHeader) {
        if (remainingHeader == null) {
            return Optional.empty();
        }
        long[] remaining = parseValue(remainingHeader);
        if (remaining == null) {
            return Optional.empty();
        }
        long[] limit = limitHeader == null ? null : parseValue(limitHeader);
        long windowSeconds = remaining[1] >= 0 ? remaining[1] : limit != null ? limit[1] : -1;
        return Optional.of(new RateLimit(
                limit == null ? -1 : limit[0],
                remaining[0],
                windowSeconds >= 0 ? Duration.ofSeconds(windowSeconds) : null));
    }

    /** {@code 100;w=21600} → {100, 21600}; {@code 100} → {100, -1}; null when malformed. */
    private static long[] parseValue(String header) {
        String[] parts = header.split(";");
        try {
            long value = Long.parseLong(parts[0].trim());
            long window = -1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("w=")) {
                    window = Long.parseLong(p.substring(2).trim());
                }
            }
            return value < 0 ? null : new long[] {value, window};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        String w = window == null
                ? ""
                : " per " + (window.toSeconds() % 3600 == 0 ? window.toHours() + " h" : window.toSeconds() + " s");
        return remaining + (limit >= 0 ? " of " + limit : "") + " pulls left" + w;
    }
}
