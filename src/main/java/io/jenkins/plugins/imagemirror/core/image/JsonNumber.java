package io.jenkins.plugins.imagemirror.core.image;

import java.math.BigDecimal;

/**
 * A JSON number, kept as its literal text ({@code 12}, {@code -0.5}, {@code 1E+3}): written back exactly as read, and
 * equal to another number only with the same literal. Values are read from it on demand, exactly or not at all.
 */
public final class JsonNumber implements JsonValue {
    private final String literal;

    private JsonNumber(String literal) {
        this.literal = literal;
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    /** A literal {@link JsonReader} has checked against JSON's number grammar. */
    static JsonNumber ofChecked(String literal) {
        return new JsonNumber(literal);
    }

    public String literal() {
        return literal;
    }

    /** No fraction and no exponent: {@code 12}, {@code -3}. */
    public boolean isIntegral() {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /** An integral literal that fits a long (Jackson: an int or a long node). */
    public boolean fitsLong() {
        if (!isIntegral()) {
            return false;
        }
        try {
            Long.parseLong(literal);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An integral literal that fits an int (Jackson: an int node). */
    public boolean fitsInt() {
        return fitsLong() && longValue() == (int) longValue();
    }

    /**
     * The value of an integral literal that fits a long ({@link #fitsLong}); else truncated towards zero and held
     * within {@code Long.MIN_VALUE..Long.MAX_VALUE} (as Java's double to long conversion does).
     */
    public long longValue() {
        if (fitsLong()) {
            return Long.parseLong(literal);
        }
        BigDecimal value = new BigDecimal(literal);
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : value.longValue();
    }

    @Override
    public String asText(String fallback) {
        return literal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber n && n.literal.equals(literal);
    }

    @Override
    public int hashCode() {
        return literal.hashCode();
    }

    @Override
    public String toString() {
        return literal;
    }
}
