package io.jenkins.plugins.imagemirror.core.image;

/**
 * Strict JSON (RFC 8259) from UTF-8 bytes, as strict as the Jackson configuration it replaces (JsonReaderTest
 * compares them): duplicate member names, anything but white space after the value, comments, single quotes,
 * {@code NaN}, leading zeros or {@code +}, unescaped control characters and unknown escapes are refused; nesting is
 * bounded ({@value #MAX_DEPTH} levels), strings to 4 Mi characters, names to 50 000, numbers to {@value #MAX_NUMBER}
 * digits. Stricter than Jackson on one point: malformed UTF-8 (overlong forms, encoded surrogates) is refused, not
 * decoded. A UTF-8 byte order mark is skipped. Not thread-safe: one reader per document.
 */
public final class JsonReader {
    public static final int MAX_DEPTH = 64;
    static final int MAX_STRING = 4 * 1024 * 1024;
    static final int MAX_NAME = 50_000;
    static final int MAX_NUMBER = 40;
    private static final String VALUE_EXPECTED =
            "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    private final byte[] in;
    private final boolean lastNameWins;
    private int pos;
    private int depth;
    private final StringBuilder chars = new StringBuilder();

    private JsonReader(byte[] in, boolean lastNameWins) {
        this.in = in;
        this.lastNameWins = lastNameWins;
    }

    /** The one value in {@code bytes}; null when there is nothing but white space. */
    public static JsonValue read(byte[] bytes) throws JsonException {
        return read(bytes, false);
    }

    /**
     * As {@link #read}, but a name repeated in an object is no error: its last value counts, as Go's
     * {@code encoding/json} reads it. For documents Docker itself reads that way and that we only read, never
     * re-digest: a {@code config.json}, a token service's answer, a registry's error body. Image manifests and
     * configs stay with {@link #read}: two readers must never see two different documents behind one digest.
     */
    public static JsonValue readLastNameWins(byte[] bytes) throws JsonException {
        return read(bytes, true);
    }

    private static JsonValue read(byte[] bytes, boolean lastNameWins) throws JsonException {
        JsonReader reader = new JsonReader(bytes, lastNameWins);
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            reader.pos = 3;
        }
        if (!reader.skipWhiteSpace()) {
            return null;
        }
        JsonValue value = reader.value();
        if (reader.skipWhiteSpace()) {
            throw reader.error(
                    "Trailing token (" + reader.describe(reader.peek()) + ") found after value: not allowed");
        }
        return value;
    }

    /** The value {@code text} starts with, and nothing after it is looked at; null when it does not start with one. */
    public static JsonValue readPrefix(String text) {
        JsonReader reader = new JsonReader(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        try {
            return reader.skipWhiteSpace() ? reader.value() : null;
        } catch (JsonException e) {
            return null;
        }
    }

    private JsonValue value() throws JsonException {
        int c = peek();
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                pos++;
                return new JsonString(string(MAX_STRING));
            case 't':
                return literal("true", JsonBoolean.TRUE);
            case 'f':
                return literal("false", JsonBoolean.FALSE);
            case 'n':
                return literal("null", JsonNull.NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                if (Character.isJavaIdentifierStart(c)) {
                    throw unrecognizedToken();
                }
                throw error("Unexpected character (" + describe(c) + "): expected a valid value " + VALUE_EXPECTED);
        }
    }

    private JsonObject object() throws JsonException {
        int start = pos++;
        enter(start);
        JsonObject object = new JsonObject();
        if (!skipWhiteSpace()) {
            throw endOfInput("Object", start);
        }
        if (peek() == '}') {
            pos++;
            depth--;
            return object;
        }
        while (true) {
            if (peek() != '"') {
                throw error("Unexpected character (" + describe(peek()) + "): was expecting double-quote to start"
                        + " field name");
            }
            pos++;
            String name = string(MAX_NAME);
            if (!lastNameWins && object.has(name)) {
                throw error("Duplicate field '" + name + "'");
            }
            if (!skipWhiteSpace()) {
                throw endOfInput("Object", start);
            }
            if (peek() != ':') {
                throw error("Unexpected character (" + describe(peek()) + "): was expecting a colon to separate field"
                        + " name and value");
            }
            pos++;
            if (!skipWhiteSpace()) {
                throw endOfInput("Object", start);
            }
            object.put(name, value());
            if (!skipWhiteSpace()) {
                throw endOfInput("Object", start);
            }
            int c = in[pos++] & 0xFF;
            if (c == '}') {
                depth--;
                return object;
            }
            if (c != ',') {
                pos--;
                throw error("Unexpected character (" + describe(c) + "): was expecting comma to separate Object"
                        + " entries");
            }
            if (!skipWhiteSpace()) {
                throw endOfInput("Object", start);
            }
        }
    }

    private JsonArray array() throws JsonException {
        int start = pos++;
        enter(start);
        JsonArray array = new JsonArray();
        if (!skipWhiteSpace()) {
            throw endOfInput("Array", start);
        }
        if (peek() == ']') {
            pos++;
            depth--;
            return array;
        }
        while (true) {
            array.add(value());
            if (!skipWhiteSpace()) {
                throw endOfInput("Array", start);
            }
            int c = in[pos++] & 0xFF;
            if (c == ']') {
                depth--;
                return array;
            }
            if (c != ',') {
                pos--;
                throw error("Unexpected character (" + describe(c) + "): was expecting comma to separate Array"
                        + " entries");
            }
            if (!skipWhiteSpace()) {
                throw endOfInput("Array", start);
            }
        }
    }

    private void enter(int start) throws JsonException {
        if (++depth > MAX_DEPTH) {
            pos = start;
            throw error("Document nesting depth (" + depth + ") exceeds the maximum allowed (" + MAX_DEPTH + ")");
        }
    }

    /** After the opening quote; leaves {@code pos} after the closing one. */
    private String string(int maxLength) throws JsonException {
        chars.setLength(0);
        int start = pos;
        while (true) {
            if (pos >= in.length) {
                throw error("Unexpected end-of-input: was expecting closing quote for a string value");
            }
            int b = in[pos] & 0xFF;
            if (b == '"') {
                pos++;
                break;
            }
            if (b == '\\') {
                pos++;
                escape();
            } else if (b < 0x20) {
                throw error("Illegal unquoted character (" + describe(b) + "): has to be escaped using backslash to"
                        + " be included in string value");
            } else if (b < 0x80) {
                pos++;
                chars.append((char) b);
            } else {
                utf8(b);
            }
            if (chars.length() > maxLength) {
                pos = start;
                throw error(
                        "String value length (" + chars.length() + ") exceeds the maximum allowed (" + maxLength + ")");
            }
        }
        return chars.toString();
    }

    private void escape() throws JsonException {
        if (pos >= in.length) {
            throw error("Unexpected end-of-input in character escape sequence");
        }
        int c = in[pos++] & 0xFF;
        switch (c) {
            case '"', '\\', '/' -> chars.append((char) c);
            case 'b' -> chars.append('\b');
            case 'f' -> chars.append('\f');
            case 'n' -> chars.append('\n');
            case 'r' -> chars.append('\r');
            case 't' -> chars.append('\t');
            case 'u' -> {
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    if (pos >= in.length) {
                        throw error("Unexpected end-of-input in character escape sequence");
                    }
                    int h = Character.digit(in[pos] & 0xFF, 16);
                    if (h < 0 || (in[pos] & 0xFF) > 'f') {
                        throw error("Unexpected character (" + describe(in[pos] & 0xFF) + "): expected a hex-digit"
                                + " for character escape sequence");
                    }
                    pos++;
                    value = value << 4 | h;
                }
                chars.append((char) value);
            }
            default -> {
                pos--;
                throw error("Unrecognized character escape " + describe(c));
            }
        }
    }

    /** One UTF-8 sequence starting with {@code b} (>= 0x80), strictly: shortest form, no surrogates. */
    private void utf8(int b) throws JsonException {
        int length;
        int min;
        int codePoint;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
            min = 0x80;
            codePoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            min = 0x800;
            codePoint = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            min = 0x10000;
            codePoint = b & 0x07;
        } else {
            throw error("Invalid UTF-8 start byte 0x" + Integer.toHexString(b));
        }
        for (int i = 1; i < length; i++) {
            if (pos + i >= in.length || (in[pos + i] & 0xC0) != 0x80) {
                throw error("Invalid UTF-8 middle byte");
            }
            codePoint = codePoint << 6 | (in[pos + i] & 0x3F);
        }
        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw error("Invalid UTF-8 sequence (overlong, surrogate or beyond U+10FFFF)");
        }
        pos += length;
        chars.appendCodePoint(codePoint);
    }

    private JsonNumber number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int intStart = pos;
        int digits = digits();
        if (digits == 0) {
            if (pos < in.length && Character.isJavaIdentifierStart(peek())) {
                pos = start;
                throw unrecognizedToken();
            }
            throw error("Unexpected character (" + describe(pos < in.length ? peek() : -1) + ") in numeric value:"
                    + " no digit following minus sign");
        }
        if (digits > 1 && in[intStart] == '0') {
            pos = intStart;
            throw error("Invalid numeric value: Leading zeroes not allowed");
        }
        int total = digits;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            int fraction = digits();
            if (fraction == 0) {
                throw error("Unexpected character (" + describe(pos < in.length ? peek() : -1) + ") in numeric"
                        + " value: Decimal point not followed by a digit");
            }
            total += fraction;
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            int exponent = digits();
            if (exponent == 0) {
                throw error("Unexpected character (" + describe(pos < in.length ? peek() : -1) + ") in numeric"
                        + " value: Exponent indicator not followed by a digit");
            }
            total += exponent;
        }
        if (total > MAX_NUMBER) {
            pos = start;
            throw error("Number value length (" + total + ") exceeds the maximum allowed (" + MAX_NUMBER + ")");
        }
        return JsonNumber.ofChecked(new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private int digits() {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    private JsonValue literal(String word, JsonValue value) throws JsonException {
        int end = pos + word.length();
        boolean matches = end <= in.length;
        for (int i = 0; matches && i < word.length(); i++) {
            matches = in[pos + i] == word.charAt(i);
        }
        if (!matches || (end < in.length && Character.isJavaIdentifierPart(in[end] & 0xFF))) {
            throw unrecognizedToken();
        }
        pos = end;
        return value;
    }

    private JsonException unrecognizedToken() {
        int end = pos;
        while (end < in.length && end - pos < 256 && Character.isJavaIdentifierPart(in[end] & 0xFF)) {
            end++;
        }
        String token = new String(in, pos, Math.max(end - pos, 1), java.nio.charset.StandardCharsets.ISO_8859_1);
        return error("Unrecognized token '" + token + "': was expecting " + VALUE_EXPECTED);
    }

    /** Skips JSON white space; false at the end of the input. */
    private boolean skipWhiteSpace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return true;
            }
            pos++;
        }
        return false;
    }

    private int peek() {
        return in[pos] & 0xFF;
    }

    private JsonException endOfInput(String container, int start) {
        int[] where = place(start);
        return error("Unexpected end-of-input: expected close marker for " + container + " (start marker at line "
                + where[0] + ", column " + where[1] + ")");
    }

    /** As Jackson describes a character: {@code 'x' (code 120)}, {@code (CTRL-CHAR, code 10)}. */
    private String describe(int c) {
        if (c < 0) {
            return "end-of-input";
        }
        if (c < 0x20) {
            return "(CTRL-CHAR, code " + c + ")";
        }
        if (c >= 0x80) {
            return "code 0x" + Integer.toHexString(c);
        }
        return "'" + (char) c + "' (code " + c + ")";
    }

    private JsonException error(String reason) {
        int[] where = place(Math.min(pos, in.length));
        return new JsonException(reason, where[0], where[1]);
    }

    /** 1-based line and byte column of {@code offset}. */
    private int[] place(int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
