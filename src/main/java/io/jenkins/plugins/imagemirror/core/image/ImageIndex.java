package io.jenkins.plugins.imagemirror.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An OCI image index or Docker manifest list: one manifest per platform, with its exact bytes. */
public final class ImageIndex extends VerbatimContent implements ManifestContent {
    private final List<Descriptor> manifests;

    private ImageIndex(byte[] bytes, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
        super(bytes, mediaType, annotations);
        this.manifests = List.copyOf(manifests);
    }

    static ImageIndex fromJson(byte[] bytes, String mediaType, JsonNode root) {
        String what = "index (" + mediaType + ")";
        ArrayNode manifests = Json.optionalArray(root, "manifests", what);
        if (manifests == null) {
            throw new IllegalArgumentException(what + ": 'manifests' is required");
        }
        return new ImageIndex(
                bytes,
                mediaType,
                Json.descriptors(manifests, what + " manifests"),
                Json.stringMap(root, "annotations", what));
    }

    /** Writes a new index deterministically; used when a platform filter or a build makes a new index. */
    public static ImageIndex create(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        ArrayNode array = root.putArray("manifests");
        manifests.forEach(m -> array.add(Json.write(m)));
        if (annotations != null && !annotations.isEmpty()) {
            ObjectNode a = root.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        return (ImageIndex) ManifestContent.parse(Json.bytes(root), mediaType);
    }

    public List<Descriptor> manifests() {
        return manifests;
    }

    /** The first entry whose platform runs on {@code platform}, skipping attestations (platform unknown/unknown). */
    public Optional<Descriptor> find(Platform platform) {
        return manifests.stream()
                .filter(d -> d.platform() != null && platform.matches(d.platform()))
                .findFirst();
    }

    @Override
    public String toString() {
        return "index " + digest() + " (" + manifests.size() + " manifests)";
    }
}
