package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.JsonException;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonReader;
import io.jenkins.plugins.imagemirror.core.image.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small typed record the build keeps in its cache directory as a JSON object (what a rebuild need not compute
 * again); each record type says how it is written ({@code toJson}) and read back ({@code fromJson}, null when the
 * object is not one). Written through a temporary file and a rename: a crash leaves the old record or none, never
 * half of one. A record that does not read back (another version's, or damaged) counts as absent: the work is
 * simply done again.
 */
final class CacheRecord {
    private CacheRecord() {}

    static <T> Optional<T> read(Path file, Function<JsonObject, T> fromJson) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return JsonReader.read(Files.readAllBytes(file)) instanceof JsonObject record
                    ? Optional.ofNullable(fromJson.apply(record))
                    : Optional.empty();
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    static void write(Path file, JsonObject record) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".record-", ".json");
        try {
            Files.write(temp, JsonWriter.bytes(record));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
