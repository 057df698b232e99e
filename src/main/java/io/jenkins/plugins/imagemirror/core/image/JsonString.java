package io.jenkins.plugins.imagemirror.core.image;

/** A JSON string. */
public final class JsonString implements JsonValue {
    private final String value;

    JsonString(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a JSON string cannot be null; use JsonNull.NULL");
        }
        this.value = value;
    }

    @Override
    public String text() {
        return value;
    }

    @Override
    public String asText(String fallback) {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.compactText(this);
    }
}
