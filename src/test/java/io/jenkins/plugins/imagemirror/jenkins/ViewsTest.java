package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Every view and help file in the sources: well-formed, escaping by default, no script. */
class ViewsTest {
    static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    void jellyViews() throws Exception {
        List<Path> views;
        try (var files = Files.walk(RESOURCES)) {
            views = files.filter(f -> f.toString().endsWith(".jelly")).toList();
        }
        assertThat(views).hasSize(11);
        for (Path view : views) {
            ViewRules.check(view.toString(), Files.readString(view));
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(view.toFile());
        }
    }

    @Test
    void helpFilesAreFragmentsWithoutScript() throws Exception {
        try (var files = Files.walk(RESOURCES)) {
            for (Path help : files.filter(f -> f.getFileName().toString().startsWith("help"))
                    .toList()) {
                String text = Files.readString(help);
                assertThat(text)
                        .as(help.toString())
                        .startsWith("<div>")
                        .doesNotContain("<script")
                        .doesNotContainPattern("\\son[a-z]+=");
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(help.toFile());
            }
        }
    }
}
