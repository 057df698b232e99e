package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.imagemirror.core.archive.OciArchiveWriter;
import io.jenkins.plugins.imagemirror.core.archive.OciLayoutReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go tar formula, fed the entry list of our own hybrid archive, gives that file's exact size. */
class HybridArchiveSizeTest {
    @Test
    void formulaMatchesTheHybridArchiveWriter(@TempDir Path dir) throws IOException {
        TestImage image = SizeReportTest.twoPlatforms();
        image.writeLayout(dir.resolve("layout"), "v1");
        Path archive = dir.resolve("hybrid.tar");
        try (OciLayoutReader layout = OciLayoutReader.open(dir.resolve("layout"))) {
            OciArchiveWriter.write(layout, layout.entries(), archive);
        }
        List<ArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.add(e.isDirectory() ? ArchiveEntry.directory(e.getName())
                        : e.isSymbolicLink() ? ArchiveEntry.symlink(e.getName(), e.getLinkName())
                        : ArchiveEntry.file(e.getName(), e.getSize()));
            }
        }
        assertThat(entries).extracting(ArchiveEntry::name).contains("oci-layout", "index.json", "manifest.json");
        assertThat(ArchiveSizeCalculator.goTarBytes(entries)).isEqualTo(Files.size(archive));
    }
}
