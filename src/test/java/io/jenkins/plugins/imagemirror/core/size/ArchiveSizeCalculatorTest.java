package io.jenkins.plugins.imagemirror.core.size;

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
}
