package io.jenkins.plugins.imagemirror.core.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON reading and deterministic writing of the OCI documents. Duplicate keys are rejected (two readers
 * could otherwise see two different manifests in one set of bytes); nesting and string length are bounded.
 */
final class Json {
    /** Strict reading; trailing tokens are refused by {@link JsonTree#read}. No ObjectMapper: see JsonTree. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(4 * 1024 * 1024)
                    .maxNumberLength(40)
                    .build())
            .build();

    private Json() {}

    static JsonNode parseObject(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = JsonTree.read(FACTORY, bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": unreadable JSON (" + e.getMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + ": expected a JSON object");
        }
        return node;
    }

    static String optionalText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(what + ": '" + field + "' must be a string");
        }
        return value.asText();
    }

    static String requiredText(JsonNode node, String field, String what) {
        String value = optionalText(node, field, what);
        if (value == null) {
            throw new IllegalArgumentException(what + ": '" + field + "' is required");
        }
        return value;
    }

    static ArrayNode optionalArray(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(what + ": '" + field + "' must be an array");
        }
        return (ArrayNode) value;
    }

    /** The strings of an optional array field; empty when absent or null. */
    static List<String> strings(JsonNode node, String field, String what) {
        ArrayNode array = optionalArray(node, field, what);
        if (array == null) {
            return List.of();
        }
        List<String> list = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException(what + ": '" + field + "' must hold strings");
            }
            list.add(element.asText());
        }
        return List.copyOf(list);
    }

    static Map<String, String> stringMap(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(what + ": '" + field + "' must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(what + ": '" + field + "." + e.getKey() + "' must be a string");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    static Descriptor descriptor(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + ": expected a descriptor object");
        }
        String mediaType = requiredText(node, "mediaType", what);
        String digestText = requiredText(node, "digest", what);
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
            throw new IllegalArgumentException(what + " " + digestText + ": 'size' must be an integer");
        }
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (p != null && !p.isNull()) {
            platform = new Platform(
                    requiredText(p, "os", what + " platform"),
                    requiredText(p, "architecture", what + " platform"),
                    optionalText(p, "variant", what + " platform"));
        }
        return new Descriptor(mediaType, digest, size.asLong(), platform, stringMap(node, "annotations", what));
    }

    static List<Descriptor> descriptors(ArrayNode array, String what) {
        List<Descriptor> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(descriptor(array.get(i), what + "[" + i + "]"));
        }
        return List.copyOf(list);
    }

    static ObjectNode write(Descriptor d) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (d.platform() != null) {
            ObjectNode p = node.putObject("platform");
            p.put("architecture", d.platform().architecture());
            p.put("os", d.platform().os());
            if (d.platform().variant() != null) {
                p.put("variant", d.platform().variant());
            }
        }
        if (!d.annotations().isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            d.annotations().forEach(a::put);
        }
        return node;
    }

    static byte[] bytes(ObjectNode node) {
        return JsonTree.bytes(node);
    }
}
