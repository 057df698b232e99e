package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.JsonArray;
import io.jenkins.plugins.imagemirror.core.image.JsonException;
import io.jenkins.plugins.imagemirror.core.image.JsonNull;
import io.jenkins.plugins.imagemirror.core.image.JsonObject;
import io.jenkins.plugins.imagemirror.core.image.JsonReader;
import io.jenkins.plugins.imagemirror.core.image.JsonString;
import io.jenkins.plugins.imagemirror.core.image.JsonValue;
import io.jenkins.plugins.imagemirror.core.image.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code manifest.json} (what {@code docker save} writes and {@code docker load} reads): one entry per
 * image with archive paths of its config and of its layers, in order, and the names to tag it with.
 */
public record DockerManifestJson(String config, List<String> repoTags, List<String> layers) {
    public DockerManifestJson {
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }

    /** Deterministic bytes: keys Config, RepoTags, Layers in that order, no white space. */
    public static byte[] write(List<DockerManifestJson> images) {
        JsonArray array = new JsonArray();
        for (DockerManifestJson image : images) {
            JsonObject node = array.addObject();
            node.put("Config", image.config());
            JsonArray tags = node.putArray("RepoTags");
            for (String tag : image.repoTags()) {
                tags.add(tag);
            }
            JsonArray layers = node.putArray("Layers");
            for (String layer : image.layers()) {
                layers.add(layer);
            }
        }
        return JsonWriter.bytes(array);
    }

    /** Parses {@code manifest.json} strictly ({@link JsonReader}); {@code where} names the archive in messages. */
    public static List<DockerManifestJson> parse(byte[] bytes, String where) throws IOException {
        JsonValue parsed;
        try {
            parsed = JsonReader.read(bytes);
        } catch (JsonException e) {
            throw new ArchiveFormatException(
                    "reading " + where + ": manifest.json is not valid JSON (" + e.reason() + ")");
        }
        if (!(parsed instanceof JsonArray root)) {
            throw new ArchiveFormatException("reading " + where + ": manifest.json must be a JSON array");
        }
        List<DockerManifestJson> images = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String what = "reading " + where + ": manifest.json[" + i + "]";
            JsonValue node = root.get(i);
            if (!(node.get("Config") instanceof JsonString config)) {
                throw new ArchiveFormatException(what + ": 'Config' must be a string");
            }
            images.add(new DockerManifestJson(
                    config.text(), strings(node, "RepoTags", what, true), strings(node, "Layers", what, false)));
        }
        return images;
    }

    private static List<String> strings(JsonValue node, String field, String what, boolean optional)
            throws ArchiveFormatException {
        JsonValue value = node.get(field);
        if (value == null || value == JsonNull.NULL) {
            if (optional) {
                return List.of();
            }
            throw new ArchiveFormatException(what + ": '" + field + "' is required");
        }
        if (!(value instanceof JsonArray array)) {
            throw new ArchiveFormatException(what + ": '" + field + "' must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString text)) {
                throw new ArchiveFormatException(what + ": '" + field + "' must be an array of strings");
            }
            list.add(text.text());
        }
        return list;
    }
}
