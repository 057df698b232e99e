package io.jenkins.plugins.imagemirror.jenkins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the files a step archives into the output directory and lists them in the outcome:
 * {@code image-digests.env} whenever something was pushed ({@code IMAGE_DIGEST} then one
 * {@code IMAGE_<REFERENCE>='reference@digest'} line per target, single-quoted for {@code sh}).
 */
final class ReportFiles {
    static final String DIGESTS_ENV = "image-digests.env";

    private ReportFiles() {}

    static void write(ImageOutcome outcome, Path dir, ImageWorkSpec spec) throws IOException {
        if (!outcome.targets.isEmpty()) {
            Files.writeString(dir.resolve(DIGESTS_ENV), digestsEnv(outcome), StandardCharsets.UTF_8);
            outcome.reportFiles.add(DIGESTS_ENV);
        }
    }

    static String digestsEnv(ImageOutcome outcome) {
        StringBuilder out = new StringBuilder("IMAGE_DIGEST=").append(quote(outcome.digest)).append('\n');
        Set<String> used = new HashSet<>(Set.of("IMAGE_DIGEST"));
        for (ImageOutcome.TargetOutcome t : outcome.targets) {
            String base = key(t.reference.contains("@") ? t.reference.substring(0, t.reference.indexOf('@')) : t.reference);
            String key = base;
            for (int n = 2; !used.add(key); n++) {
                key = base + "_" + n;
            }
            String pinned = t.reference.contains("@") ? t.reference : t.reference + "@" + t.digest;
            out.append(key).append('=').append(quote(pinned)).append('\n');
        }
        return out.toString();
    }

    private static String key(String reference) {
        StringBuilder k = new StringBuilder("IMAGE_");
        for (char c : reference.toUpperCase(Locale.ROOT).toCharArray()) {
            k.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return k.toString();
    }

    private static String quote(String value) {
        return "'" + value.replace("\n", " ").replace("'", "'\\''") + "'";
    }
}
