package io.jenkins.plugins.imagemirror.core.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** A JSON array. Mutable while a document is being built. */
public final class JsonArray implements JsonValue, Iterable<JsonValue> {
    private final ArrayList<JsonValue> values = new ArrayList<>();

    public JsonArray() {}

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public JsonValue get(int index) {
        return values.get(index);
    }

    /** The values in order, read-only. */
    public List<JsonValue> values() {
        return Collections.unmodifiableList(values);
    }

    /** The values as strings, in order; null when one is not a string. */
    public List<String> strings() {
        List<String> strings = new ArrayList<>(values.size());
        for (JsonValue value : values) {
            if (!(value instanceof JsonString s)) {
                return null;
            }
            strings.add(s.text());
        }
        return strings;
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return values().iterator();
    }

    /** Appends {@code value} (null: JSON null); returns this array. */
    public JsonArray add(JsonValue value) {
        values.add(value == null ? JsonNull.NULL : value);
        return this;
    }

    /** Appends a string (null: JSON null). */
    public JsonArray add(String value) {
        return add(value == null ? null : new JsonString(value));
    }

    /** Appends a new empty object and returns that. */
    public JsonObject addObject() {
        JsonObject child = new JsonObject();
        values.add(child);
        return child;
    }

    @Override
    public JsonArray deepCopy() {
        JsonArray copy = new JsonArray();
        for (JsonValue value : values) {
            copy.values.add(value.deepCopy());
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.compactText(this);
    }
}
