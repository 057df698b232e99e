package io.jenkins.plugins.imagemirror.core.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON reading ({@link JsonReader}) and deterministic writing of the OCI documents. Duplicate keys are
 * rejected (two readers could otherwise see two different manifests in one set of bytes); nesting and string
 * length are bounded.
 */
final class Json {
    private Json() {}

    static JsonObject parseObject(byte[] bytes, String what) {
        JsonValue node;
        try {
            node = JsonReader.read(bytes);
        } catch (JsonException e) {
            throw new IllegalArgumentException(what + ": not valid JSON (" + e.reason() + ")", e);
        }
        if (!(node instanceof JsonObject object)) {
            throw new IllegalArgumentException(what + ": expected a JSON object");
        }
        return object;
    }

    static String optionalText(JsonValue node, String field, String what) {
        JsonValue value = node.get(field);
        if (value == null || value == JsonNull.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new IllegalArgumentException(what + ": '" + field + "' must be a string");
        }
        return text.text();
    }

    static String requiredText(JsonValue node, String field, String what) {
        String value = optionalText(node, field, what);
        if (value == null) {
            throw new IllegalArgumentException(what + ": '" + field + "' is required");
        }
        return value;
    }

    static JsonArray optionalArray(JsonValue node, String field, String what) {
        JsonValue value = node.get(field);
        if (value == null || value == JsonNull.NULL) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(what + ": '" + field + "' must be an array");
        }
        return array;
    }

    /** The strings of an optional array field; empty when absent or null. */
    static List<String> strings(JsonValue node, String field, String what) {
        JsonArray array = optionalArray(node, field, what);
        if (array == null) {
            return List.of();
        }
        List<String> list = new ArrayList<>(array.size());
        for (JsonValue element : array) {
            if (!(element instanceof JsonString text)) {
                throw new IllegalArgumentException(what + ": '" + field + "' must hold strings");
            }
            list.add(text.text());
        }
        return List.copyOf(list);
    }

    static Map<String, String> stringMap(JsonValue node, String field, String what) {
        JsonValue value = node.get(field);
        if (value == null || value == JsonNull.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException(what + ": '" + field + "' must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : object.members()) {
            if (!(e.getValue() instanceof JsonString text)) {
                throw new IllegalArgumentException(what + ": '" + field + "." + e.getKey() + "' must be a string");
            }
            map.put(e.getKey(), text.text());
        }
        return map;
    }

    static Descriptor descriptor(JsonValue node, String what) {
        if (!(node instanceof JsonObject)) {
            throw new IllegalArgumentException(what + ": expected a descriptor object");
        }
        String mediaType = requiredText(node, "mediaType", what);
        String digestText = requiredText(node, "digest", what);
        JsonValue size = node.get("size");
        if (!(size instanceof JsonNumber number) || !number.fitsLong()) {
            throw new IllegalArgumentException(what + " " + digestText + ": 'size' must be an integer");
        }
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        Platform platform = null;
        JsonValue p = node.get("platform");
        if (p != null && p != JsonNull.NULL) {
            platform = new Platform(
                    requiredText(p, "os", what + " platform"),
                    requiredText(p, "architecture", what + " platform"),
                    optionalText(p, "variant", what + " platform"));
        }
        return new Descriptor(mediaType, digest, number.longValue(), platform, stringMap(node, "annotations", what));
    }

    static List<Descriptor> descriptors(JsonArray array, String what) {
        List<Descriptor> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(descriptor(array.get(i), what + "[" + i + "]"));
        }
        return List.copyOf(list);
    }

    static JsonObject write(Descriptor d) {
        JsonObject node = new JsonObject();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (d.platform() != null) {
            JsonObject p = node.putObject("platform");
            p.put("architecture", d.platform().architecture());
            p.put("os", d.platform().os());
            if (d.platform().variant() != null) {
                p.put("variant", d.platform().variant());
            }
        }
        if (!d.annotations().isEmpty()) {
            JsonObject a = node.putObject("annotations");
            for (Map.Entry<String, String> e : d.annotations().entrySet()) {
                a.put(e.getKey(), e.getValue());
            }
        }
        return node;
    }

    static byte[] bytes(JsonObject node) {
        return JsonWriter.bytes(node);
    }
}
