package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.ManifestContent;
import io.jenkins.plugins.imagemirror.core.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second report of an image in the same JVM, or in a fresh JVM on the same files ({@link DocumentCache#withFiles}),
 * asks its source for no manifest and no config, and gives the same report; a file whose bytes are not the digest's
 * is never used.
 */
class DocumentCacheTest {
    @TempDir
    Path dir;

    @Test
    void aSecondReportOfTheSameImageFetchesNoManifestAndNoConfig() throws IOException {
        TestImage image = SizeReportTest.twoPlatforms();
        image.writeLayout(dir, "v1");
        DocumentCache cache = new DocumentCache(DocumentCache.MAX_BYTES);
        List<String> fetched = new ArrayList<>();
        try (OciLayoutReader layout = OciLayoutReader.open(dir)) {
            SizeReport first = report(layout, cache, fetched);
            int firstFetches = fetched.size();
            fetched.clear();
            SizeReport second = report(layout, cache, fetched);

            assertThat(firstFetches).as("the index, two manifests, two configs").isEqualTo(5);
            assertThat(fetched)
                    .as("only layers, which the layer-scan cache answers")
                    .isEmpty();
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void aFreshJvmOnTheSameFilesFetchesNoManifestAndNoConfig(@TempDir Path kept) throws IOException {
        List<String> fetched = new ArrayList<>();
        SizeReport first = reportOfTwoPlatforms(new DocumentCache(DocumentCache.MAX_BYTES).withFiles(kept), fetched);
        assertThat(fetched).hasSize(5);
        fetched.clear();
        // another JVM: its own (empty) memory, the same directory
        SizeReport second = reportOfTwoPlatforms(new DocumentCache(DocumentCache.MAX_BYTES).withFiles(kept), fetched);

        assertThat(fetched).as("the files answered every document").isEmpty();
        assertThat(second).isEqualTo(first);
        try (var files = java.nio.file.Files.list(kept)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("one file per document, named by digest, no temporary file left")
                    .hasSize(5)
                    .allMatch(n -> n.matches("sha256-[0-9a-f]{64}\\.doc"));
        }
        try (var files = java.nio.file.Files.list(kept)) {
            for (Path file : files.toList()) { // what an image's config holds stays the job's
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                                java.nio.file.Files.getPosixFilePermissions(file)))
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aFileWhoseBytesAreNotItsDigestIsNotUsedAndIsReplaced(@TempDir Path kept) throws IOException {
        List<String> fetched = new ArrayList<>();
        SizeReport first = reportOfTwoPlatforms(new DocumentCache(DocumentCache.MAX_BYTES).withFiles(kept), fetched);
        List<Path> files;
        try (var list = java.nio.file.Files.list(kept)) {
            files = list.toList();
        }
        for (Path file : files) { // the same length, one byte of the document changed: a forged report
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            bytes[bytes.length - 10] ^= 1;
            java.nio.file.Files.write(file, bytes);
        }
        fetched.clear();
        SizeReport second = reportOfTwoPlatforms(new DocumentCache(DocumentCache.MAX_BYTES).withFiles(kept), fetched);

        assertThat(fetched).as("every document fetched again").hasSize(5);
        assertThat(second).isEqualTo(first);
        fetched.clear();
        reportOfTwoPlatforms(new DocumentCache(DocumentCache.MAX_BYTES).withFiles(kept), fetched);
        assertThat(fetched).as("the fetches replaced the bad files").isEmpty();
    }

    @Test
    void anUnwritableDirectoryOnlyCostsTheFetches() throws IOException {
        TestImage image = SizeReportTest.twoPlatforms();
        image.writeLayout(dir, "v1");
        Path notADirectory = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        List<String> fetched = new ArrayList<>();
        try (OciLayoutReader layout = OciLayoutReader.open(dir)) {
            DocumentCache cache = new DocumentCache(DocumentCache.MAX_BYTES).withFiles(notADirectory.resolve("sub"));
            SizeReport report = report(layout, cache, fetched);
            assertThat(report.platforms()).hasSize(2);
            assertThat(fetched).hasSize(5);
        }
    }

    @Test
    void aConfigThatDoesNotMatchItsDigestIsNotKept() throws IOException {
        DocumentCache cache = new DocumentCache(DocumentCache.MAX_BYTES);
        byte[] config =
                "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Descriptor claimed = Descriptor.of(
                MediaType.OCI_CONFIG, io.jenkins.plugins.imagemirror.core.image.Digest.sha256("other"), config.length);
        List<String> opened = new ArrayList<>();
        BlobOpener tampered = cache.configs(blob -> {
            opened.add(blob.digest().toString());
            return new ByteArrayInputStream(config);
        });
        tampered.open(claimed).close();
        tampered.open(claimed).close();
        assertThat(opened).hasSize(2);
    }

    @Test
    void theLeastRecentlyUsedGoFirstBeyondTheBound() throws IOException {
        TestImage image = SizeReportTest.twoPlatforms();
        image.writeLayout(dir, "v1");
        try (OciLayoutReader layout = OciLayoutReader.open(dir)) {
            Descriptor root = layout.entries().get(0);
            DocumentCache tiny = new DocumentCache(layout.readBlob(root).length);
            List<String> fetched = new ArrayList<>();
            report(layout, tiny, fetched);
            fetched.clear();
            report(layout, tiny, fetched);
            assertThat(fetched)
                    .as("nothing beyond the bound was kept but the last document")
                    .hasSizeGreaterThan(3);
        }
    }

    /** A report of the two-platform test image (written to {@code dir} on first use) through {@code cache}. */
    private SizeReport reportOfTwoPlatforms(DocumentCache cache, List<String> fetched) throws IOException {
        if (!java.nio.file.Files.exists(dir.resolve("index.json"))) {
            SizeReportTest.twoPlatforms().writeLayout(dir, "v1");
        }
        try (OciLayoutReader layout = OciLayoutReader.open(dir)) {
            return report(layout, cache, fetched);
        }
    }

    private static SizeReport report(OciLayoutReader layout, DocumentCache cache, List<String> fetched)
            throws IOException {
        return new ImageSizer(new LayerScanCache(64L * 1024 * 1024))
                .size(
                        "app:v1",
                        "app:v1",
                        layout.entries().get(0),
                        cache.manifests(d -> {
                            fetched.add("manifest " + d.digest());
                            return ManifestContent.parse(layout.readBlob(d), d.mediaType());
                        }),
                        cache.configs(d -> {
                            if (!MediaType.isGzipLayer(d.mediaType())
                                    && !d.mediaType().contains("layer")) {
                                fetched.add("config " + d.digest());
                            }
                            return layout.openBlob(d);
                        }),
                        List.of(),
                        Set.of());
    }
}
