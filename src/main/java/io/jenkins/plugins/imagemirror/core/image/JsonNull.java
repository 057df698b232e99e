package io.jenkins.plugins.imagemirror.core.image;

/** JSON {@code null}: present, unlike an absent member (which {@link JsonValue#get} gives as Java null). */
public final class JsonNull implements JsonValue {
    public static final JsonNull NULL = new JsonNull();

    private JsonNull() {}

    @Override
    public String toString() {
        return "null";
    }
}
