package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.archive.StagedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes {@code image-digests.env} for CD stages: one {@code KEY='reference@digest'} line per destination. Keys
 * are {@code IMAGE_} + the reference upper-cased with every other character turned into {@code _} (a clash gets
 * {@code _2}, {@code _3}…). Values are single-quoted so that {@code . image-digests.env} in sh never expands or
 * runs anything; {@code IMAGE_DIGEST} holds the first destination's digest.
 */
public final class DigestsEnvWriter {
    public static final String FILE_NAME = "image-digests.env";

    public String toEnv(List<DestinationDigest> destinations) {
        StringBuilder out = new StringBuilder();
        Set<String> used = new HashSet<>();
        if (!destinations.isEmpty()) {
            used.add("IMAGE_DIGEST");
            out.append("IMAGE_DIGEST=")
                    .append(quote(destinations.get(0).digest().toString()))
                    .append('\n');
        }
        for (DestinationDigest d : destinations) {
            String base = key(d.reference());
            String key = base;
            for (int n = 2; !used.add(key); n++) {
                key = base + "_" + n;
            }
            out.append(key).append('=').append(quote(d.pinned())).append('\n');
        }
        return out.toString();
    }

    public Path write(List<DestinationDigest> destinations, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        try {
            return StagedFile.write(target, toEnv(destinations).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    /** IMAGE_ + [A-Z0-9_] only; never starts with a digit. */
    static String key(String reference) {
        StringBuilder k = new StringBuilder("IMAGE_");
        for (char c : reference.toUpperCase(Locale.ROOT).toCharArray()) {
            k.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return k.toString();
    }

    /** sh single quotes: nothing inside is special except the quote itself, written as '\''. */
    static String quote(String value) {
        String clean = value.replace("\n", " ").replace("\r", " ");
        return "'" + clean.replace("'", "'\\''") + "'";
    }
}
