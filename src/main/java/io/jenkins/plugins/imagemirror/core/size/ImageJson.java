package io.jenkins.plugins.imagemirror.core.size;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few fields of manifests, configs and indexes that sizes need, read with Jackson from the raw bytes.
 * Interim: to be replaced by core.image's Manifest / ImageConfig / ImageIndex once size may depend on them.
 */
final class ImageJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Manifest(BlobDescriptor config, List<BlobDescriptor> layers) {
    }

    record Config(String platform, List<String> diffIds, List<String> layerHistory) {
    }

    record IndexEntry(BlobDescriptor manifest, String platform) {
    }

    private ImageJson() {
    }

    static Manifest manifest(byte[] bytes) throws IOException {
        JsonNode root = read(bytes, "manifest");
        if (root.has("manifests")) {
            throw new IOException("expected an image manifest but got an index (it lists 'manifests')");
        }
        JsonNode config = root.path("config");
        if (!config.isObject() || !root.path("layers").isArray()) {
            throw new IOException("not an image manifest: it needs a 'config' object and a 'layers' array");
        }
        List<BlobDescriptor> layers = new ArrayList<>();
        for (JsonNode layer : root.path("layers")) {
            layers.add(descriptor(layer));
        }
        return new Manifest(descriptor(config), List.copyOf(layers));
    }

    static Config config(byte[] bytes) throws IOException {
        JsonNode root = read(bytes, "image config");
        List<String> diffIds = new ArrayList<>();
        for (JsonNode id : root.path("rootfs").path("diff_ids")) {
            diffIds.add(id.asText());
        }
        List<String> history = new ArrayList<>();
        for (JsonNode h : root.path("history")) {
            if (h.path("empty_layer").asBoolean(false)) {
                continue;
            }
            String by = h.path("created_by").asText("");
            String comment = h.path("comment").asText("");
            String text = by.isEmpty() ? comment : comment.isEmpty() ? by : by + " (" + comment + ")";
            history.add(text.isEmpty() ? null : text);
        }
        return new Config(platform(root), List.copyOf(diffIds), history);
    }

    static List<IndexEntry> index(byte[] bytes) throws IOException {
        JsonNode root = read(bytes, "index");
        if (!root.path("manifests").isArray()) {
            throw new IOException("not an image index: it needs a 'manifests' array");
        }
        List<IndexEntry> entries = new ArrayList<>();
        for (JsonNode m : root.path("manifests")) {
            JsonNode p = m.path("platform");
            entries.add(new IndexEntry(descriptor(m), p.isObject() ? platform(p) : null));
        }
        return List.copyOf(entries);
    }

    /** os/architecture[/variant], the form {@code --platform} takes. */
    private static String platform(JsonNode node) {
        String os = node.path("os").asText("");
        String arch = node.path("architecture").asText("");
        String variant = node.path("variant").asText("");
        if (os.isEmpty() && arch.isEmpty()) {
            return null;
        }
        return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
    }

    private static BlobDescriptor descriptor(JsonNode node) throws IOException {
        try {
            return new BlobDescriptor(node.path("mediaType").asText(""), node.path("digest").asText(""),
                    node.path("size").asLong(-1));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad descriptor " + node + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(byte[] bytes, String what) throws IOException {
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new IOException("parsing the " + what + " (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }
}
