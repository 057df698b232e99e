package io.jenkins.plugins.imagemirror.core.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.imagemirror.core.image.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code manifest.json} (what {@code docker save} writes and {@code docker load} reads): one entry per
 * image with archive paths of its config and of its layers, in order, and the names to tag it with.
 */
public record DockerManifestJson(String config, List<String> repoTags, List<String> layers) {
    /** Strict reading (duplicate keys, trailing data refused); trees without an ObjectMapper (see JsonTree). */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public DockerManifestJson {
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }

    /** Deterministic bytes: keys Config, RepoTags, Layers in that order, no white space. */
    public static byte[] write(List<DockerManifestJson> images) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (DockerManifestJson image : images) {
            ObjectNode node = array.addObject();
            node.put("Config", image.config());
            ArrayNode tags = node.putArray("RepoTags");
            image.repoTags().forEach(tags::add);
            ArrayNode layers = node.putArray("Layers");
            image.layers().forEach(layers::add);
        }
        return JsonTree.bytes(array);
    }

    /** Parses {@code manifest.json}; {@code where} names the archive in messages. */
    public static List<DockerManifestJson> parse(byte[] bytes, String where) throws IOException {
        JsonNode root;
        try {
            root = JsonTree.read(JSON, bytes);
        } catch (JsonProcessingException e) {
            throw new ArchiveFormatException(
                    "reading " + where + ": manifest.json is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new ArchiveFormatException("reading " + where + ": manifest.json must be a JSON array");
        }
        List<DockerManifestJson> images = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String what = "reading " + where + ": manifest.json[" + i + "]";
            JsonNode node = root.get(i);
            JsonNode config = node.get("Config");
            if (config == null || !config.isTextual()) {
                throw new ArchiveFormatException(what + ": 'Config' must be a string");
            }
            images.add(new DockerManifestJson(
                    config.asText(), strings(node, "RepoTags", what, true), strings(node, "Layers", what, false)));
        }
        return images;
    }

    private static List<String> strings(JsonNode node, String field, String what, boolean optional)
            throws ArchiveFormatException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (optional) {
                return List.of();
            }
            throw new ArchiveFormatException(what + ": '" + field + "' is required");
        }
        if (!value.isArray()) {
            throw new ArchiveFormatException(what + ": '" + field + "' must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ArchiveFormatException(what + ": '" + field + "' must be an array of strings");
            }
            list.add(item.asText());
        }
        return list;
    }
}
