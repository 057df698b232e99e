package io.jenkins.plugins.imagemirror.core.image;

/**
 * A JSON value: the project's one JSON model, read by {@link JsonReader} and written by {@link JsonWriter}. Objects
 * keep their insertion order, numbers their literal text (exact: a base image's config is written back as it was
 * read). Why our own, not Jackson's trees: the first manifest of a fresh agent JVM loaded 126 Jackson classes, each
 * fetched over the remoting channel on a real agent; these are a handful (docs/benchmarks.md, "Cold path changes").
 *
 * <p>{@code toString()} is the compact JSON text.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** The member {@code name} of an object, else (absent, or not an object) null, as Jackson's {@code get}. */
    default JsonValue get(String name) {
        return null;
    }

    /** The string's value; null for any other kind of value. */
    default String text() {
        return null;
    }

    /**
     * A scalar as text ({@code true}, a number's literal, a string's value); {@code fallback} for null, absent (call
     * it on a possibly null value through {@link #textOf}), objects and arrays.
     */
    default String asText(String fallback) {
        return fallback;
    }

    /** {@link #asText} of a value that may be absent (null). */
    static String textOf(JsonValue value, String fallback) {
        return value == null ? fallback : value.asText(fallback);
    }

    /**
     * A scalar as a whole number (Jackson's {@code asLong}): a number truncated towards zero, a string that holds
     * one, {@code true} 1 and {@code false} 0; {@code fallback} for anything else and for absent (null) values.
     */
    static long longOf(JsonValue value, long fallback) {
        if (value instanceof JsonNumber number) {
            return number.longValue();
        }
        if (value instanceof JsonBoolean b) {
            return b.value() ? 1 : 0;
        }
        if (value instanceof JsonString s) {
            String text = s.text().trim();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(text);
                } catch (NumberFormatException notANumber) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    /** A deep copy for containers; scalars are immutable and return themselves. */
    default JsonValue deepCopy() {
        return this;
    }

    static JsonString of(String text) {
        return new JsonString(text);
    }

    static JsonNumber of(long value) {
        return JsonNumber.of(value);
    }

    static JsonBoolean of(boolean value) {
        return value ? JsonBoolean.TRUE : JsonBoolean.FALSE;
    }
}
