package io.jenkins.plugins.imagemirror.core.image;

/** {@code true} or {@code false}. */
public final class JsonBoolean implements JsonValue {
    public static final JsonBoolean TRUE = new JsonBoolean(true);
    public static final JsonBoolean FALSE = new JsonBoolean(false);

    private final boolean value;

    private JsonBoolean(boolean value) {
        this.value = value;
    }

    public boolean value() {
        return value;
    }

    @Override
    public String asText(String fallback) {
        return value ? "true" : "false";
    }

    @Override
    public String toString() {
        return value ? "true" : "false";
    }
}
