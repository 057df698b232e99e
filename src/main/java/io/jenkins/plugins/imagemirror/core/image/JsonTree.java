package io.jenkins.plugins.imagemirror.core.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.Map;

/**
 * Jackson trees ({@link JsonNode}) read and written with jackson-core's streaming parser and generator alone, the
 * same trees and the same bytes as {@code ObjectMapper.readTree} / {@code writeValueAsBytes} (indented: with
 * {@code INDENT_OUTPUT}), without an ObjectMapper. Why: an ObjectMapper's set-up (configs, serializer and
 * deserializer factories, type factory) is most of Jackson's cost in a fresh JVM; measured on the first manifest
 * of a fresh JVM: {@code readTree} loaded 631 classes and took ~1.1 s on a loaded 2-core machine, this reader 142
 * classes and ~0.1 s. On a Jenkins agent every one of those classes comes over the remoting channel.
 */
public final class JsonTree {
    private static final JsonFactory WRITER = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /**
     * Reads one JSON value, and fails if anything but whitespace follows it (as {@code FAIL_ON_TRAILING_TOKENS}).
     * Strictness (duplicate keys, limits) is the factory's. Returns null for empty input.
     */
    public static JsonNode read(JsonFactory factory, byte[] bytes) throws IOException {
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode root = value(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(
                        parser, "Trailing token (of type " + trailing + ") found after value: not allowed");
            }
            return root;
        }
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    object.set(name, value(p, p.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(p, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue()); // as readTree without USE_BIG_DECIMAL_FOR_FLOATS
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Unexpected token " + token);
        }
    }

    /** Compact UTF-8 bytes, as {@code ObjectMapper.writeValueAsBytes}. */
    public static byte[] bytes(JsonNode node) {
        try (ByteArrayBuilder out = new ByteArrayBuilder();
                JsonGenerator g = WRITER.createGenerator(out)) {
            write(node, g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON", e);
        }
    }

    /** Indented text, as {@code writeValueAsString} with {@code INDENT_OUTPUT}. */
    public static String indentedText(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(node, g);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON", e);
        }
        return out.toString();
    }

    /** Indented UTF-8 to {@code out}, which stays open, as {@code writeValue} with {@code INDENT_OUTPUT}. */
    public static void writeIndented(JsonNode node, OutputStream out) throws IOException {
        try (JsonGenerator g = WRITER.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(node, g);
        }
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    g.writeFieldName(field.getKey());
                    write(field.getValue(), g);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(element, g);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    default -> g.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default ->
                throw new IllegalArgumentException("writing JSON: a " + node.getNodeType() + " node has no JSON form");
        }
    }
}
