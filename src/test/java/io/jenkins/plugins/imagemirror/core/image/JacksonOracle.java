package io.jenkins.plugins.imagemirror.core.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

/**
 * What the project's JSON was before JsonReader and JsonWriter: Jackson configured as core/image/Json.java configured
 * it (strict duplicates, no NaN, depth 64, strings 4 MiB, numbers 40 digits, trailing tokens refused), and trees
 * written by ObjectMapper (compact, and with INDENT_OUTPUT). The oracle JsonReaderTest and JsonWriterTest compare with.
 */
final class JacksonOracle {
    static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(4 * 1024 * 1024)
                    .maxNumberLength(40)
                    .build())
            .build();
    static final ObjectMapper READER = new ObjectMapper(STRICT).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ObjectMapper COMPACT = new ObjectMapper();
    static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JacksonOracle() {}

    /** Jackson's tree, or null for blank input; throws what Jackson threw. */
    static JsonNode read(byte[] bytes) throws IOException {
        JsonNode node = READER.readTree(bytes);
        return node == null || node.isMissingNode() ? null : node;
    }

    /**
     * Our tree as the Jackson tree readTree makes of the same text: integers as int, long or BigInteger nodes,
     * fractions and exponents as doubles.
     */
    static JsonNode toJackson(JsonValue value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value instanceof JsonObject object) {
            ObjectNode node = nodes.objectNode();
            for (Map.Entry<String, JsonValue> member : object.members()) {
                node.set(member.getKey(), toJackson(member.getValue()));
            }
            return node;
        }
        if (value instanceof JsonArray array) {
            ArrayNode node = nodes.arrayNode();
            for (JsonValue element : array) {
                node.add(toJackson(element));
            }
            return node;
        }
        if (value instanceof JsonString s) {
            return nodes.textNode(s.text());
        }
        if (value instanceof JsonNumber n) {
            if (!n.isIntegral()) {
                return nodes.numberNode(Double.parseDouble(n.literal()));
            }
            BigInteger big = new BigInteger(n.literal());
            if (big.bitLength() < 32) {
                return nodes.numberNode(big.intValue());
            }
            return big.bitLength() < 64 ? nodes.numberNode(big.longValue()) : nodes.numberNode(big);
        }
        if (value instanceof JsonBoolean b) {
            return nodes.booleanNode(b.value());
        }
        return nodes.nullNode();
    }
}
