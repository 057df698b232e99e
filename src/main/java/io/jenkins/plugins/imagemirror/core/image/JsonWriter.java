package io.jenkins.plugins.imagemirror.core.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes {@link JsonValue}s as the bytes Jackson's generator wrote before (JsonWriterTest compares them): compact
 * (no white space) or indented in Jackson's {@code DefaultPrettyPrinter} style ({@code "name" : value}, two spaces per
 * object level, arrays on one line as {@code [ a, b ]}, empty ones {@code { }} and {@code [ ]}, the platform's line
 * separator). Strings escape {@code "}, {@code \}, and control characters ({@code \n \r \t \b \f}, else
 * {@code \}{@code u00XX}, upper-case hex); everything else, {@code /} and non-ASCII included, is written as it is,
 * except that the UTF-8 bytes ({@link #bytes}, {@link #writeIndented}) write a character beyond U+FFFF as its escaped
 * surrogate pair ({@code \}{@code uD83D\}{@code uDE00}), as Jackson's UTF-8 generator did, while the texts keep it.
 * Numbers are written as their literal.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean indent;
    private final boolean escapeSupplementary;
    private final String lineSeparator = System.lineSeparator();
    private final StringBuilder out = new StringBuilder(256);

    private JsonWriter(boolean indent, boolean escapeSupplementary) {
        this.indent = indent;
        this.escapeSupplementary = escapeSupplementary;
    }

    private static String write(JsonValue value, boolean indent, boolean escapeSupplementary) {
        JsonWriter writer = new JsonWriter(indent, escapeSupplementary);
        writer.value(value, 0);
        return writer.out.toString();
    }

    /** Compact UTF-8 bytes. */
    public static byte[] bytes(JsonValue value) {
        return write(value, false, true).getBytes(StandardCharsets.UTF_8);
    }

    /** Compact text. */
    public static String compactText(JsonValue value) {
        return write(value, false, false);
    }

    /** Indented text. */
    public static String indentedText(JsonValue value) {
        return write(value, true, false);
    }

    /** Indented UTF-8 to {@code out}, which stays open. */
    public static void writeIndented(JsonValue value, OutputStream out) throws IOException {
        out.write(write(value, true, true).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code level}: the number of enclosing objects (arrays stay on their line and add none). */
    private void value(JsonValue value, int level) {
        if (value instanceof JsonObject object) {
            object(object, level);
        } else if (value instanceof JsonArray array) {
            array(array, level);
        } else if (value instanceof JsonString string) {
            string(string.text());
        } else {
            out.append(value.toString()); // number literal, true, false, null
        }
    }

    private void object(JsonObject object, int level) {
        out.append('{');
        if (object.size() == 0) {
            if (indent) {
                out.append(' ');
            }
            out.append('}');
            return;
        }
        boolean first = true;
        for (Map.Entry<String, JsonValue> member : object.members()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newLine(level + 1);
            string(member.getKey());
            out.append(indent ? " : " : ":");
            value(member.getValue(), level + 1);
        }
        newLine(level);
        out.append('}');
    }

    private void array(JsonArray array, int level) {
        out.append('[');
        if (indent) {
            out.append(' ');
        }
        boolean first = true;
        for (JsonValue element : array.values()) {
            if (!first) {
                out.append(indent ? ", " : ",");
            }
            first = false;
            value(element, level);
        }
        if (indent && !array.isEmpty()) {
            out.append(' ');
        }
        out.append(']');
    }

    private void newLine(int level) {
        if (indent) {
            out.append(lineSeparator);
            for (int i = 0; i < level; i++) {
                out.append("  ");
            }
        }
    }

    private void string(String s) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !(escapeSupplementary && Character.isSurrogate(c))) {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default ->
                    out.append("\\u")
                            .append(HEX[c >> 12])
                            .append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF])
                            .append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, s.length()).append('"');
    }
}
