package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A small typed record the build keeps in its cache directory as JSON (what a rebuild need not compute again).
 * Written through a temporary file and a rename: a crash leaves the old record or none, never half of one. A record
 * that does not read back (another version's, or damaged) counts as absent: the work is simply done again.
 */
final class CacheRecord {
    /** Jib loads an ObjectMapper for every build anyway: this one costs no extra start-up. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private CacheRecord() {}

    static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(file.toFile(), type));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static void write(Path file, Object record) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".record-", ".json");
        try {
            Files.write(temp, JSON.writeValueAsBytes(record));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
