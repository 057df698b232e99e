package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.ImageIndex;
import io.jenkins.plugins.imagemirror.core.image.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "dump", matches = ".+")
class ArchiveDump {
    @Test
    void dump() throws Exception {
        Path out = Path.of(System.getProperty("dump"));
        Files.createDirectories(out);
        OciLayoutWriter layout = OciLayoutWriter.open(out.resolve("layout"));
        Manifest single = TestImages.image(layout, TestImages.AMD64, "single");
        ImageIndex index = TestImages.twoPlatforms(layout, "multi");
        layout.writeIndex(List.of(OciLayoutWriter.named(single.descriptor(), "localhost/test/single:1.0"),
                OciLayoutWriter.named(index.descriptor(), "localhost/test/multi:1.0")));
        try (OciLayoutReader reader = OciLayoutReader.open(layout.directory())) {
            OciArchiveWriter.write(reader, List.of(OciLayoutWriter.named(single.descriptor(), "localhost/test/single:1.0")), out.resolve("single.tar"));
            OciArchiveWriter.write(reader, List.of(OciLayoutWriter.named(index.descriptor(), "localhost/test/multi:1.0")), out.resolve("multi.tar"));
            DockerArchiveWriter.write(reader, single, List.of("localhost/test/single:1.0"), out.resolve("docker.tar"));
        }
        System.out.println("single " + single.digest() + " config " + single.config().digest());
        System.out.println("index " + index.digest());
    }
}
