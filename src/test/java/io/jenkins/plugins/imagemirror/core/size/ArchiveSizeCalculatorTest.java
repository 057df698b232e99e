package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Digest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveSizeCalculatorTest {
    @Test
    void matchesAnOciArchiveSkopeoWrote() {
        // skopeo 1.9 oci-archive of a one-layer image: blobs/ and blobs/sha256/ directories, three blobs (401, 193,
        // 163 bytes), index.json (259), oci-layout (31): 7168 bytes on disk
        List<ArchiveEntry> entries = List.of(ArchiveEntry.directory("blobs/"), ArchiveEntry.directory("blobs/sha256/"),
                ArchiveEntry.file("blobs/sha256/" + "4".repeat(64), 401), ArchiveEntry.file("blobs/sha256/" + "8".repeat(64), 193),
                ArchiveEntry.file("blobs/sha256/" + "a".repeat(64), 163), ArchiveEntry.file("index.json", 259),
                ArchiveEntry.file("oci-layout", 31));
        assertThat(ArchiveSizeCalculator.goTarBytes(entries)).isEqualTo(7168);
    }

    @ParameterizedTest
    @CsvSource({"0, 512", "1, 1024", "512, 1024", "513, 1536", "10240, 10752"})
    void contentIsPaddedToBlocks(long size, long bytes) {
        assertThat(ArchiveSizeCalculator.entryBytes(ArchiveEntry.file("f", size))).isEqualTo(bytes);
    }

    @Test
    void namesThatDoNotFitUstarGetAPaxHeader() {
        String hundred = "n".repeat(100);
        assertThat(ArchiveSizeCalculator.entryBytes(ArchiveEntry.file(hundred, 0))).isEqualTo(512);
        // splittable into prefix (<=155) and name (<=100): still USTAR
        assertThat(ArchiveSizeCalculator.entryBytes(ArchiveEntry.file("p".repeat(150) + "/" + hundred, 0))).isEqualTo(512);
        // a 101-byte last component cannot be split: PAX header block + records block
        assertThat(ArchiveSizeCalculator.entryBytes(ArchiveEntry.file("d/" + "n".repeat(101), 0))).isEqualTo(1536);
        assertThat(ArchiveSizeCalculator.entryBytes(ArchiveEntry.file("é", 0))).isEqualTo(1536);
        assertThat(ArchiveSizeCalculator.entryBytes(ArchiveEntry.symlink("l", "t".repeat(101)))).isEqualTo(1536);
    }

    @ParameterizedTest
    @CsvSource({"path, a, 9", "k, vvvv, 9", "k, vvvvv, 11"})
    void paxRecordsCountTheirOwnLength(String key, String value, long length) {
        assertThat(ArchiveSizeCalculator.paxRecordLength(key, value)).isEqualTo(length);
    }

    @Test
    void paxRecordLengthCrossingADigitBoundary() {
        // body " path=" + 93 x + "\n" = 100 bytes; "100" would make 103, whose own length still has 3 digits
        assertThat(ArchiveSizeCalculator.paxRecordLength("path", "x".repeat(93))).isEqualTo(103);
        // body 98 + "2 digits" = 100, which needs 3 digits: 101
        assertThat(ArchiveSizeCalculator.paxRecordLength("path", "x".repeat(91))).isEqualTo(101);
    }

    @Test
    void dockerArchiveEntriesMatchWhatSkopeoWrote() {
        // skopeo 1.9 docker-archive of a three-layer image tagged 127.0.0.1:24000/size-it/single-58453ce3:v1:
        // legacy json files of 73, 149 and 294 bytes, manifest.json 366, repositories 117
        String diff1 = "e81791e2e44753a9c1ef51d68962475d704551cf737517e2f51412e60d08e6bf";
        String diff2 = "344dca346bf6ef6e48f6ab3947655b3432b667b060de6d35745e8fcb5169d620";
        String diff3 = "311918a6116129db55a1ff7d6b95f2a0c5e18747ecfbaa776ea2042552059f0b";
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"]},\"rootfs\":"
                + "{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diff1 + "\",\"sha256:" + diff2 + "\",\"sha256:" + diff3
                + "\"]},\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"ADD base.tar / # buildfile: "
                + "layers[0]\"},{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"COPY noise.bin /srv/\"},"
                + "{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"RUN rm -rf /app/big.bin /cache && echo b > "
                + "/etc/config\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(config).hasSize(606);
        List<LayerStats> layers = List.of(layer(diff1, 28160), layer(diff2, 1305088), layer(diff3, 4608));
        List<ArchiveEntry> entries = ArchiveSizeCalculator.dockerArchiveEntries(config, layers,
                "127.0.0.1:24000/size-it/single-58453ce3:v1");
        assertThat(entries).filteredOn(e -> e.name().endsWith("/json")).extracting(ArchiveEntry::size)
                .containsExactly(73L, 149L, 294L);
        assertThat(entries).filteredOn(e -> !e.name().contains("/") && !e.name().endsWith(".tar"))
                .extracting(ArchiveEntry::name, ArchiveEntry::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "2213b98676a512eec4681179f3b6ecb32e5327f37670769f40255c33a46671a9.json", 606L),
                        org.assertj.core.groups.Tuple.tuple("manifest.json", 366L),
                        org.assertj.core.groups.Tuple.tuple("repositories", 117L));
        assertThat(ArchiveSizeCalculator.goTarBytes(entries)).isEqualTo(1351680);
    }

    @Test
    void untaggedDockerArchivesHaveEmptyRepositories() {
        assertThat(ArchiveSizeCalculator.splitTag("127.0.0.1:5000/app")).isNull();
        assertThat(ArchiveSizeCalculator.splitTag("127.0.0.1:5000/app@sha256:" + "a".repeat(64))).isNull();
        assertThat(ArchiveSizeCalculator.splitTag("127.0.0.1:5000/app:1.0")).containsExactly("127.0.0.1:5000/app", "1.0");
    }

    static LayerStats layer(String diffHex, long tarBytes) {
        return new LayerStats(0, Digest.parse("sha256:" + diffHex), "t", 1, Digest.parse("sha256:" + diffHex), tarBytes, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, List.of(), null);
    }
}
