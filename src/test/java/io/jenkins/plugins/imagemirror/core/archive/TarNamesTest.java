package io.jenkins.plugins.imagemirror.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever names and link targets an archive holds, what comes out is a name inside the archive, or a rejection. */
class TarNamesTest {
    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("..", ".", "", "a", "b", "blobs", "sha256", "...", "..a")
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(parts -> String.join("/", parts))
                .flatMap(p -> Arbitraries.of(p, "/" + p, "./" + p));
    }

    private static void assertInside(String name) {
        assertThat(name).doesNotStartWith("/").isNotEmpty();
        assertThat(List.of(name.split("/"))).doesNotContain("..", ".", "");
    }

    @Property(tries = 2000)
    void entryNamesStayInside(@ForAll("paths") String raw) {
        try {
            assertInside(TarNames.normalize(raw, "test"));
        } catch (ArchiveFormatException rejected) {
            assertThat(rejected.getMessage()).startsWith("test: entry ");
        }
    }

    @Property(tries = 2000)
    void symlinkTargetsStayInside(@ForAll("paths") String name, @ForAll("paths") String target) {
        try {
            String normal = TarNames.normalize(name, "test");
            assertInside(TarNames.resolveSymlink(normal, target, "test"));
        } catch (ArchiveFormatException rejected) {
            assertThat(rejected.getMessage()).startsWith("test: ");
        }
    }

    @Property(tries = 2000)
    void hardLinkTargetsStayInside(@ForAll("paths") String target) {
        try {
            assertInside(TarNames.resolveHardlink("x", target, "test"));
        } catch (ArchiveFormatException rejected) {
            assertThat(rejected.getMessage()).isEqualTo("test: hard link 'x' -> '" + target + "' escapes the archive");
        }
    }
}
