package io.jenkins.plugins.imagemirror.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JsonWriter writes the bytes Jackson's ObjectMapper wrote ({@link JacksonOracle}), compact and indented
 * ({@code INDENT_OUTPUT}: DefaultPrettyPrinter), for the corpus and for random trees: every character class in names
 * and strings (control characters, quotes, backslashes, non-ASCII, astral), numbers, empty and nested containers.
 */
class JsonWriterTest {
    @Test
    void writesTheCorpusAsJacksonDid() throws IOException {
        for (String doc : JsonReaderTest.CORPUS) {
            JsonValue value = JsonReader.read(doc.getBytes(StandardCharsets.UTF_8));
            assertSameBytes(value, doc);
        }
    }

    @Test
    void writesRandomTreesAsJacksonDid() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            assertSameBytes(tree(random, 5), "tree " + i);
        }
    }

    @Test
    void writesANumberAsItsLiteral() throws IOException {
        String doc = "{\"a\":1e5,\"b\":-0,\"c\":1.50}";
        JsonValue value = JsonReader.read(doc.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(JsonWriter.bytes(value), StandardCharsets.UTF_8)).isEqualTo(doc);
        assertThat(JsonWriter.indentedText(value))
                .isEqualTo(
                        "{" + nl() + "  \"a\" : 1e5," + nl() + "  \"b\" : -0," + nl() + "  \"c\" : 1.50" + nl() + "}");
    }

    /** A boxed number that is null is JSON null, as Jackson's put(String, Long) wrote it (a multi-platform report). */
    @Test
    void writesAnAbsentNumberAsNull() {
        Long absent = null;
        Long present = 7L;
        JsonObject object = new JsonObject().put("absent", absent).put("present", present);
        assertThat(object.toString()).isEqualTo("{\"absent\":null,\"present\":7}");
    }

    @Test
    void indentsAsDefaultPrettyPrinter() {
        JsonObject root = new JsonObject();
        root.put("s", "x").putObject("o").put("n", 1);
        root.putArray("a").add("y").addObject().putArray("e");
        root.putObject("empty");
        assertThat(JsonWriter.indentedText(root))
                .isEqualTo(String.join(
                        nl(),
                        "{",
                        "  \"s\" : \"x\",",
                        "  \"o\" : {",
                        "    \"n\" : 1",
                        "  },",
                        "  \"a\" : [ \"y\", {",
                        "    \"e\" : [ ]",
                        "  } ],",
                        "  \"empty\" : { }",
                        "}"));
    }

    /**
     * Numbers written from the trees Jackson made (doubles: Java's shortest form, which is what a literal read back
     * keeps) compare with doubles' text only where the literal is that form.
     */
    private static void assertSameBytes(JsonValue value, String what) throws IOException {
        JsonNode jackson = JacksonOracle.toJackson(value);
        if (!value.toString().equals(JacksonOracle.COMPACT.writeValueAsString(jackson))) {
            // only a number literal Jackson normalises (1e5 → 100000.0) may differ; the tree must still be equal
            assertThat(JacksonOracle.toJackson(JsonReader.read(JsonWriter.bytes(value))))
                    .as(what)
                    .isEqualTo(jackson);
            assertThat(hasNonCanonicalNumber(value)).as(what + ": " + value).isTrue();
            return;
        }
        assertThat(JsonWriter.bytes(value)).as(what).isEqualTo(JacksonOracle.COMPACT.writeValueAsBytes(jackson));
        assertThat(JsonWriter.indentedText(value))
                .as(what)
                .isEqualTo(JacksonOracle.INDENTED.writeValueAsString(jackson));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonWriter.writeIndented(value, out);
        assertThat(out.toByteArray()).as(what).isEqualTo(JacksonOracle.INDENTED.writeValueAsBytes(jackson));
    }

    /** A literal Jackson printed otherwise ({@code 1e5} as {@code 100000.0}, {@code -0} as {@code 0}). */
    private static boolean hasNonCanonicalNumber(JsonValue value) {
        if (value instanceof JsonNumber n) {
            return !n.literal().equals(JacksonOracle.toJackson(n).toString());
        }
        if (value instanceof JsonObject o) {
            return o.members().stream().anyMatch(m -> hasNonCanonicalNumber(m.getValue()));
        }
        if (value instanceof JsonArray a) {
            return a.values().stream().anyMatch(JsonWriterTest::hasNonCanonicalNumber);
        }
        return false;
    }

    static JsonValue tree(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 9 : 6)) {
            case 0:
                return JsonValue.of(random.nextBoolean());
            case 1:
                return JsonNull.NULL;
            case 2:
                return JsonValue.of(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(2000) - 1000);
            case 3:
                return JsonNumber.ofChecked(
                        random.nextBoolean()
                                ? new java.math.BigInteger(100, random).toString()
                                : Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)));
            case 4:
            case 5:
                return JsonValue.of(string(random));
            case 6:
            case 7: {
                JsonObject object = new JsonObject();
                for (int i = 0, n = random.nextInt(5); i < n; i++) {
                    object.put(string(random), tree(random, depth - 1));
                }
                return object;
            }
            default: {
                JsonArray array = new JsonArray();
                for (int i = 0, n = random.nextInt(5); i < n; i++) {
                    array.add(tree(random, depth - 1));
                }
                return array;
            }
        }
    }

    private static String string(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = random.nextInt(10); i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append("\"\\/\u007f".charAt(random.nextInt(4)));
                case 2 -> s.append((char) (0xA0 + random.nextInt(0xD800 - 0xA0)));
                case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                case 4 -> s.append("\u2028\u2029\ufeff".charAt(random.nextInt(3)));
                default -> s.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return s.toString();
    }

    private static String nl() {
        return System.lineSeparator();
    }
}
