package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

/**
 * Issue 10, defect 8: the build page read "Imagesha256:…". Jelly compiles a view with trimming on:
 * org.apache.commons.jelly.impl.ScriptBlock.trimWhitespace() calls String.trim() on every static text of a tag body
 * and drops those left empty, so the space in {@code <a>Image</a> <code>…} or {@code Manifest <code>} never reaches the
 * page. The rule below is that trimming, applied to every view: no space at the edge of a text that touches an inline
 * element, and no whitespace-only text between two inline elements ({@code &#160;} survives: String.trim() keeps it).
 */
class JellyWhitespaceTest {
    static final Set<String> INLINE = Set.of("a", "code", "span", "b", "i", "em", "strong", "small", "tt");

    /** Where Jelly's trimming would glue two words together, as "element/neighbour: text". */
    static List<String> gluedWords(String jelly) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Node root = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(jelly.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        List<String> found = new ArrayList<>();
        visit(root, found);
        return found;
    }

    private static void visit(Node node, List<String> found) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE) {
                String text = child.getNodeValue();
                boolean afterInline = inline(child.getPreviousSibling());
                boolean beforeInline = inline(child.getNextSibling());
                boolean blank = text.trim().isEmpty();
                if (blank
                        ? afterInline && beforeInline && !text.isEmpty()
                        : (afterInline && text.charAt(0) <= ' ')
                                || (beforeInline && text.charAt(text.length() - 1) <= ' ')) {
                    found.add(node.getNodeName() + ": '" + text.strip() + "'");
                }
            } else {
                visit(child, found);
            }
        }
    }

    private static boolean inline(Node node) {
        return node != null && node.getNodeType() == Node.ELEMENT_NODE && INLINE.contains(node.getLocalName());
    }

    @Test
    void noViewLosesASpaceToJellysTrimming() throws Exception {
        try (var files = Files.walk(ViewsTest.RESOURCES)) {
            for (Path view : files.filter(f -> f.toString().endsWith(".jelly")).toList()) {
                assertThat(gluedWords(Files.readString(view)))
                        .as(view.toString())
                        .isEmpty();
            }
        }
    }

    @Test
    void theRuleFindsWhatTheBuildPageShowed() throws Exception {
        String before = "<j:jelly xmlns:j=\"jelly:core\"><div><a href=\"x\">Image</a> <code>${it.digest}</code> from"
                + " <code>${it.source}</code></div><p>Manifest <code>d</code></p></j:jelly>";
        assertThat(gluedWords(before)).hasSize(3);
        String after =
                "<j:jelly xmlns:j=\"jelly:core\"><div><a href=\"x\">Image</a>&#160;<code>d</code>&#160;from&#160;"
                        + "<code>s</code></div><td>\n  <code>x</code>\n</td></j:jelly>";
        assertThat(gluedWords(after)).isEmpty();
    }
}
