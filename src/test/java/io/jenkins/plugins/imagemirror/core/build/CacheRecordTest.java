package io.jenkins.plugins.imagemirror.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's cache records are written as Jackson's ObjectMapper wrote them (so the records an earlier version left
 * in a cache directory still read back), and a damaged or foreign one counts as absent.
 */
class CacheRecordTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void recordsReadAndWriteAsJacksonsDataBindingDid(@TempDir Path dir) throws IOException {
        ArchiveLayerWriter.Known known =
                new ArchiveLayerWriter.Known("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), 1234567890123L);
        BaseFilesystem.Snapshot snapshot = new BaseFilesystem.Snapshot(
                List.of("etc", "usr/bin", "日本"), new TreeMap<>(Map.of("bin", "usr/bin", "lib\"q", "usr/lib")));
        Path file = dir.resolve("known.json");
        CacheRecord.write(file, known.toJson());
        assertThat(Files.readAllBytes(file)).isEqualTo(JACKSON.writeValueAsBytes(known));
        assertThat(CacheRecord.read(file, ArchiveLayerWriter.Known::fromJson)).contains(known);

        Files.write(file, JACKSON.writeValueAsBytes(snapshot));
        assertThat(CacheRecord.read(file, BaseFilesystem.Snapshot::fromJson)).contains(snapshot);
        CacheRecord.write(file, snapshot.toJson());
        assertThat(Files.readAllBytes(file)).isEqualTo(JACKSON.writeValueAsBytes(snapshot));
    }

    @Test
    void aDamagedOrForeignRecordIsAbsent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r.json");
        assertThat(CacheRecord.read(file, ArchiveLayerWriter.Known::fromJson)).isEmpty();
        for (String text : List.of(
                "{\"digest\":\"sha256:x\",\"diffId\":\"sha256:y\"",
                "[]",
                "{\"digest\":\"sha256:x\",\"diffId\":\"sha256:y\",\"size\":\"12\"}",
                "{\"directories\":[1],\"symlinks\":{}}")) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertThat(CacheRecord.read(file, ArchiveLayerWriter.Known::fromJson))
                    .as(text)
                    .isEmpty();
            assertThat(CacheRecord.read(file, BaseFilesystem.Snapshot::fromJson))
                    .as(text)
                    .isEmpty();
        }
    }
}
