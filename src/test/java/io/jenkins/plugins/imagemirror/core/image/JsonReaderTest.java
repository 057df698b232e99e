package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JsonReader reads the trees the strict Jackson configuration it replaced read, and refuses what it refused
 * ({@link JacksonOracle}): on a corpus, on random documents, and on random mutations of them.
 */
class JsonReaderTest {
    static final List<String> CORPUS = List.of(
            "{}",
            "[]",
            "{\"a\":1}",
            "{\"schemaVersion\":2,\"size\":12345678901,\"big\":123456789012345678901234567890}",
            "{\"s\":\"日本語 \\\"quoted\\\" \\u0001\",\"t\":true,\"f\":false,\"n\":null,\"d\":1.5,\"e\":-2.5e-3}",
            "{\"nested\":{\"a\":[1,[2,{\"b\":[]}],{}],\"c\":{}}}",
            "  {\"ws\" : [ 1 , 2 ] }\n",
            "\"text\"",
            "42",
            "-0",
            "0.0",
            "1E400",
            "-1e-400",
            "[1e5,1E+5,1.0e-5,0.1,-0.0]",
            "\"\\ud83d\\ude00 \\uD83D\\uDE00 😀 \\/ \\b\\f\\n\\r\\t \\\\\"",
            "{\"\":\"\",\"a b\":{\"\":[]}}",
            "\ufeff{\"bom\":true}",
            "[" + "9".repeat(40) + ",-" + "9".repeat(40) + "]",
            "[" + "1".repeat(20) + "." + "2".repeat(20) + "]",
            "[".repeat(64) + "]".repeat(64),
            "{\"a\":".repeat(63) + "[]" + "}".repeat(63),
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2,"
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                    + "a".repeat(64) + "\",\"size\":1469},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + "b".repeat(64)
                    + "\",\"size\":3623807,\"annotations\":{\"x\":\"y\"}}]}");

    static final List<String> MALFORMED = List.of(
            "{\"a\":1,\"a\":2}",
            "{\"a\":{\"b\":1,\"b\":1}}",
            "{\"a\":1} {\"b\":2}",
            "{\"a\":1}]",
            "{\"a\":1}}",
            "[1] x",
            "{\"a\":NaN}",
            "[Infinity]",
            "[-Infinity]",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{,}",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{a:1}",
            "{'a':1}",
            "['a']",
            "[01]",
            "[-01]",
            "[+1]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[1e+]",
            "[-]",
            "[0x10]",
            "[tru]",
            "[truex]",
            "[nul]",
            "[True]",
            "not json",
            "\"unterminated",
            "\"tab\there\"",
            "\"newline\nhere\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"\\U1234\"",
            "\"\\'\"",
            "// comment\n{}",
            "/* comment */ {}",
            "{} // comment",
            "[1]#",
            "[".repeat(65) + "]".repeat(65),
            "{\"a\":".repeat(64) + "[]" + "}".repeat(64),
            "{\"n\":" + "9".repeat(41) + "}",
            "[-" + "9".repeat(41) + "]",
            "[" + "1".repeat(21) + "." + "2".repeat(20) + "]",
            "[" + "1".repeat(20) + "." + "2".repeat(10) + "e" + "3".repeat(11) + "]");

    @Test
    void readsTheTreesJacksonRead() throws IOException {
        for (String doc : CORPUS) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            assertThat(JacksonOracle.toJackson(JsonReader.read(bytes))).as(doc).isEqualTo(JacksonOracle.read(bytes));
        }
        assertThat(JsonReader.read("  \n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(JsonReader.read(new byte[0])).isNull();
    }

    @Test
    void keepsEveryNumbersLiteralText() throws IOException {
        JsonArray numbers = (JsonArray) JsonReader.read(
                "[1e5, 1E+5, 1.0e-5, -0.0, -0, 12345678901234567890123]".getBytes(StandardCharsets.UTF_8));
        assertThat(numbers.toString()).isEqualTo("[1e5,1E+5,1.0e-5,-0.0,-0,12345678901234567890123]");
        assertThat(((JsonNumber) numbers.get(4)).fitsLong()).isTrue();
        assertThat(((JsonNumber) numbers.get(5)).fitsLong()).isFalse();
        assertThat(((JsonNumber) numbers.get(0)).isIntegral()).isFalse();
    }

    @Test
    void refusesWhatJacksonRefused() {
        for (String bad : MALFORMED) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> JacksonOracle.read(bytes))
                    .as("Jackson: " + bad)
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> JsonReader.read(bytes)).as(bad).isInstanceOf(JsonException.class);
            assertThatThrownBy(() -> Json.parseObject(bytes, "manifest"))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("manifest: not valid JSON (");
        }
        assertThatThrownBy(() -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8), "manifest"))
                .hasMessage("manifest: expected a JSON object");
    }

    /** The messages users met before, for the mistakes they make (StepErrorsIT, MaliciousArchiveTest pin two). */
    @Test
    void explainsTheCommonMistakesInJacksonsWords() {
        assertThat(reason("{\"schemaVersion\": 2, \"manifests\": [\n  {oops"))
                .isEqualTo("Unexpected character ('o' (code 111)): was expecting double-quote to start field name");
        assertThat(reason("{\"manifests\":[],\"manifests\":[]}")).isEqualTo("Duplicate field 'manifests'");
        assertThat(reason("{\"a\" 1}"))
                .isEqualTo("Unexpected character ('1' (code 49)): was expecting a colon to separate field name and"
                        + " value");
        assertThat(reason("[1 2]"))
                .isEqualTo("Unexpected character ('2' (code 50)): was expecting comma to separate Array entries");
        assertThat(reason("not json"))
                .isEqualTo("Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token"
                        + " 'null', 'true' or 'false')");
        assertThat(reason("[1 \u00e9]"))
                .isEqualTo("Unexpected character (code 0xc3): was expecting comma to separate Array entries");
        JsonException e = error("{\n  \"a\": 1,\n  \"a\": 2}");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo("Duplicate field 'a' (line 3, column " + e.column() + ")");
    }

    /** What docker reads with Go's encoding/json, we read so too: a repeated name's last value counts. */
    @Test
    void aRepeatedNameIsRefusedInAnImageButItsLastValueCountsWhereDockerWouldTakeIt() throws IOException {
        byte[] doc = "{\"a\":1,\"b\":{\"c\":\"x\",\"c\":\"y\"},\"a\":2}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonReader.read(doc)).hasMessageStartingWith("Duplicate field 'c'");
        JsonValue last = JsonReader.readLastNameWins(doc);
        assertThat(JsonValue.longOf(last.get("a"), 0)).isEqualTo(2);
        assertThat(JsonValue.textOf(last.get("b").get("c"), "")).isEqualTo("y");
        assertThat(((JsonObject) last).members())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("a", "b");
        assertThatThrownBy(() -> JsonReader.readLastNameWins("{\"a\":1} x".getBytes(StandardCharsets.UTF_8)))
                .as("only repeated names are forgiven")
                .hasMessageStartingWith("Trailing token");
    }

    /** Authenticator and ErrorBody read token and error fields as Jackson's asText("") and asLong(d) did. */
    @Test
    void readsScalarsAsJacksonsAsTextAndAsLong() throws IOException {
        String doc = "{\"s\":\"abc\",\"n\":\"42\",\"f\":\" 7.9 \",\"i\":300,\"l\":12345678901,\"d\":2.75,"
                + "\"neg\":-2.75,\"t\":true,\"no\":false,\"z\":null,\"o\":{},\"a\":[1]}";
        JsonValue ours = JsonReader.read(doc.getBytes(StandardCharsets.UTF_8));
        JsonNode theirs = JacksonOracle.read(doc.getBytes(StandardCharsets.UTF_8));
        for (String field : List.of("s", "n", "f", "i", "l", "d", "neg", "t", "no", "z", "o", "a", "absent")) {
            assertThat(JsonValue.textOf(ours.get(field), ""))
                    .as(field)
                    .isEqualTo(theirs.path(field).asText(""));
            assertThat(JsonValue.longOf(ours.get(field), 99))
                    .as(field)
                    .isEqualTo(theirs.path(field).asLong(99));
        }
    }

    @Test
    void refusesMalformedUtf8() {
        for (byte[] bad : List.of(
                new byte[] {'"', (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xC3, '"'},
                new byte[] {'"', (byte) 0xF8, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'})) {
            assertThatThrownBy(() -> JacksonOracle.read(bad)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> JsonReader.read(bad)).isInstanceOf(JsonException.class);
        }
        // stricter than Jackson, which decoded these: an overlong '/' and an encoded surrogate
        assertThatThrownBy(() -> JsonReader.read(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}))
                .hasMessageStartingWith("Invalid UTF-8 start byte 0xc0");
        assertThatThrownBy(() -> JsonReader.read(new byte[] {'"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'}))
                .hasMessageStartingWith("Invalid UTF-8 sequence");
        assertThatThrownBy(() -> JsonReader.read(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
                .hasMessageStartingWith("Invalid UTF-8 sequence");
    }

    @Test
    void boundsStringsAndNames() throws IOException {
        String longest = "\"" + "x".repeat(JsonReader.MAX_STRING) + "\"";
        assertThat(JsonReader.read(longest.getBytes(StandardCharsets.US_ASCII)).text())
                .hasSize(JsonReader.MAX_STRING);
        assertThatThrownBy(() -> JsonReader.read(
                        ("\"" + "x".repeat(JsonReader.MAX_STRING + 1) + "\"").getBytes(StandardCharsets.US_ASCII)))
                .hasMessageStartingWith("String value length");
        assertThatThrownBy(() -> JacksonOracle.read(
                        ("\"" + "x".repeat(JsonReader.MAX_STRING + 1) + "\"").getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class);
        String longName = "{\"" + "n".repeat(JsonReader.MAX_NAME + 1) + "\":1}";
        assertThatThrownBy(() -> JsonReader.read(longName.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> JacksonOracle.read(longName.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class);
    }

    /** Random documents in random layouts, then random one-byte mutations: the same trees, the same refusals. */
    @Test
    void agreesWithJacksonOnRandomDocumentsAndTheirMutations() throws IOException {
        Random random = new Random(13);
        String structural = "{}[],:\"\\ 0-1e.+tfnx\n";
        for (int i = 0; i < 3000; i++) {
            String doc = RandomJson.text(random, 5);
            compare(doc.getBytes(StandardCharsets.UTF_8));
            StringBuilder mutated = new StringBuilder(doc);
            int at = random.nextInt(mutated.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> mutated.insert(at, structural.charAt(random.nextInt(structural.length())));
                case 1 -> {
                    if (at < mutated.length()) {
                        mutated.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < mutated.length()) {
                        mutated.setCharAt(at, structural.charAt(random.nextInt(structural.length())));
                    }
                }
            }
            compare(mutated.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void compare(byte[] bytes) throws IOException {
        String doc = new String(bytes, StandardCharsets.UTF_8);
        JsonNode expected;
        try {
            expected = JacksonOracle.read(bytes);
        } catch (IOException e) {
            assertThatThrownBy(() -> JsonReader.read(bytes))
                    .as(doc + "\nJackson: " + e.getMessage())
                    .isInstanceOf(JsonException.class);
            return;
        }
        JsonValue actual;
        try {
            actual = JsonReader.read(bytes);
        } catch (JsonException e) {
            throw new AssertionError("refused what Jackson read: " + doc + "\n" + e.getMessage(), e);
        }
        assertThat(actual == null ? null : JacksonOracle.toJackson(actual))
                .as(doc)
                .isEqualTo(expected);
    }

    private static String reason(String doc) {
        return error(doc).reason();
    }

    private static JsonException error(String doc) {
        try {
            JsonReader.read(doc.getBytes(StandardCharsets.UTF_8));
        } catch (JsonException e) {
            return e;
        }
        throw new AssertionError("read: " + doc);
    }

    /** Random JSON text: every kind of value, escapes, numbers in every form, random white space. */
    static final class RandomJson {
        private RandomJson() {}

        static String text(Random random, int depth) {
            StringBuilder out = new StringBuilder();
            space(random, out);
            value(random, depth, out);
            space(random, out);
            return out.toString();
        }

        private static void value(Random random, int depth, StringBuilder out) {
            int kind = random.nextInt(depth > 0 ? 8 : 6);
            switch (kind) {
                case 0 -> out.append(random.nextBoolean() ? "true" : "false");
                case 1 -> out.append("null");
                case 2, 3 -> number(random, out);
                case 4, 5 -> string(random, out);
                case 6 -> {
                    out.append('{');
                    int n = random.nextInt(5);
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        String name = "k" + random.nextInt(1000);
                        if (names.contains(name)) {
                            continue;
                        }
                        if (!names.isEmpty()) {
                            out.append(',');
                        }
                        names.add(name);
                        space(random, out);
                        out.append('"').append(name).append('"');
                        space(random, out);
                        out.append(':');
                        space(random, out);
                        value(random, depth - 1, out);
                        space(random, out);
                    }
                    out.append('}');
                }
                default -> {
                    out.append('[');
                    int n = random.nextInt(5);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        space(random, out);
                        value(random, depth - 1, out);
                        space(random, out);
                    }
                    out.append(']');
                }
            }
        }

        private static void number(Random random, StringBuilder out) {
            if (random.nextBoolean()) {
                out.append('-');
            }
            int digits = 1 + random.nextInt(random.nextInt(10) == 0 ? 25 : 8);
            out.append(random.nextInt(5) == 0 ? '0' : (char) ('1' + random.nextInt(9)));
            if (out.charAt(out.length() - 1) != '0') {
                for (int i = 1; i < digits; i++) {
                    out.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(4) == 0) {
                out.append('.');
                for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
                    out.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(5) == 0) {
                out.append(random.nextBoolean() ? 'e' : 'E');
                int sign = random.nextInt(3);
                if (sign > 0) {
                    out.append(sign == 1 ? '+' : '-');
                }
                out.append(1 + random.nextInt(99));
            }
        }

        private static void string(Random random, StringBuilder out) {
            out.append('"');
            for (int i = 0, n = random.nextInt(12); i < n; i++) {
                int pick = random.nextInt(10);
                switch (pick) {
                    case 0 -> out.append("\\\"\\\\\\/\\b\\f\\n\\r\\t".substring(0, 2 * (1 + random.nextInt(8))));
                    case 1 -> out.append(String.format("\\u%04x", random.nextInt(0xD800)));
                    case 2 -> out.append("\\uD83D\\uDE00");
                    case 3 -> out.append("é日😀");
                    default -> {
                        char c = (char) (0x20 + random.nextInt(0x5F));
                        out.append(c == '"' || c == '\\' ? 'q' : c);
                    }
                }
            }
            out.append('"');
        }

        private static void space(Random random, StringBuilder out) {
            for (int i = 0, n = random.nextInt(3); i < n; i++) {
                out.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }
    }
}
