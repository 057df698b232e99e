package io.jenkins.plugins.imagemirror.core.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object: members in insertion order, names unique. Mutable while a document is being built; a member that
 * is put again keeps its place (a changed field of a base image's config stays where the base had it).
 */
public final class JsonObject implements JsonValue {
    private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

    public JsonObject() {}

    @Override
    public JsonValue get(String name) {
        return members.get(name);
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    public int size() {
        return members.size();
    }

    /** The members in order, read-only. */
    public Set<Map.Entry<String, JsonValue>> members() {
        return Collections.unmodifiableMap(members).entrySet();
    }

    /** Sets {@code name} (null value: JSON null); returns this object. */
    public JsonObject put(String name, JsonValue value) {
        members.put(requireName(name), value == null ? JsonNull.NULL : value);
        return this;
    }

    /** Sets a string member; null: JSON null (as Jackson's {@code ObjectNode.put}). */
    public JsonObject put(String name, String value) {
        return put(name, value == null ? null : new JsonString(value));
    }

    public JsonObject put(String name, long value) {
        return put(name, JsonNumber.of(value));
    }

    /** Sets a number member that may be absent; null: JSON null (as Jackson's {@code put(String, Long)}). */
    public JsonObject put(String name, Long value) {
        return put(name, value == null ? null : JsonNumber.of(value));
    }

    public JsonObject put(String name, boolean value) {
        return put(name, JsonValue.of(value));
    }

    /** Sets {@code name} to a new empty object and returns that. */
    public JsonObject putObject(String name) {
        JsonObject child = new JsonObject();
        put(name, child);
        return child;
    }

    /** Sets {@code name} to a new empty array and returns that. */
    public JsonArray putArray(String name) {
        JsonArray child = new JsonArray();
        put(name, child);
        return child;
    }

    /** Removes {@code name}; returns its value, or null when absent. */
    public JsonValue remove(String name) {
        return members.remove(name);
    }

    @Override
    public JsonObject deepCopy() {
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, JsonValue> member : members.entrySet()) {
            copy.members.put(member.getKey(), member.getValue().deepCopy());
        }
        return copy;
    }

    /** Same members with equal values, in any order (JSON's object equality). */
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && other.members.equals(members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.compactText(this);
    }

    private static String requireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a JSON object member needs a name");
        }
        return name;
    }
}
