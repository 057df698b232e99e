package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JsonTree reads the same trees and writes the same bytes as an ObjectMapper, and keeps Json's strictness. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> DOCUMENTS = List.of(
            "{}",
            "[]",
            "{\"a\":1}",
            "{\"schemaVersion\":2,\"size\":12345678901,\"big\":123456789012345678901234567890}",
            "{\"s\":\"日本語 \\\"quoted\\\" \\u0001\",\"t\":true,\"f\":false,\"n\":null,\"d\":1.5,\"e\":-2.5e-3}",
            "{\"nested\":{\"a\":[1,[2,{\"b\":[]}],{}],\"c\":{}}}",
            "  {\"ws\" : [ 1 , 2 ] }\n",
            "\"text\"",
            "42");

    @Test
    void readsTheTreesAnObjectMapperReadsAndWritesItsBytes() throws Exception {
        ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (String doc : DOCUMENTS) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            JsonNode expected = MAPPER.readTree(bytes);
            JsonNode actual = JsonTree.read(Json.FACTORY, bytes);
            assertThat(actual).as(doc).isEqualTo(expected);
            assertThat(actual.getClass()).as(doc).isEqualTo(expected.getClass());
            assertThat(new String(JsonTree.bytes(actual), StandardCharsets.UTF_8))
                    .as(doc)
                    .isEqualTo(MAPPER.writeValueAsString(expected));
            assertThat(JsonTree.indentedText(actual)).as(doc).isEqualTo(indenting.writeValueAsString(expected));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonTree.writeIndented(actual, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(indenting.writeValueAsString(expected));
        }
        assertThat(JsonTree.read(Json.FACTORY, "  ".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    @Test
    void refusesWhatTheStrictMapperRefused() {
        for (String bad : List.of(
                "{\"a\":1,\"a\":2}",
                "{\"a\":1} {\"b\":2}",
                "{\"a\":1}]",
                "{\"a\":NaN}",
                "{\"a\":",
                "{\"a\":1",
                "[".repeat(65) + "]".repeat(65),
                "{\"n\":" + "9".repeat(41) + "}")) {
            assertThatThrownBy(() -> JsonTree.read(Json.FACTORY, bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> Json.parseObject(bad.getBytes(StandardCharsets.UTF_8), "manifest"))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("manifest: not valid JSON (");
        }
        assertThatThrownBy(() -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8), "manifest"))
                .hasMessage("manifest: expected a JSON object");
    }
}
