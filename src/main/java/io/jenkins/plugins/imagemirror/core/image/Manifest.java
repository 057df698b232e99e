package io.jenkins.plugins.imagemirror.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A single-platform image manifest (OCI or Docker v2 schema 2): a config blob and layers, with its exact bytes. */
public final class Manifest extends VerbatimContent implements ManifestContent {
    private final Descriptor config;
    private final List<Descriptor> layers;

    private Manifest(
            byte[] bytes,
            String mediaType,
            Descriptor config,
            List<Descriptor> layers,
            Map<String, String> annotations) {
        super(bytes, mediaType, annotations);
        this.config = config;
        this.layers = List.copyOf(layers);
    }

    static Manifest fromJson(byte[] bytes, String mediaType, JsonNode root) {
        String what = "manifest (" + mediaType + ")";
        Descriptor config = Json.descriptor(root.get("config"), what + " config");
        ArrayNode layers = Json.optionalArray(root, "layers", what);
        if (layers == null) {
            throw new IllegalArgumentException(what + ": 'layers' is required");
        }
        return new Manifest(
                bytes,
                mediaType,
                config,
                Json.descriptors(layers, what + " layers"),
                Json.stringMap(root, "annotations", what));
    }

    /** Writes a new manifest deterministically (keys in a fixed order, no white space). */
    public static Manifest create(
            String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        root.set("config", Json.write(config));
        ArrayNode array = root.putArray("layers");
        layers.forEach(l -> array.add(Json.write(l)));
        if (annotations != null && !annotations.isEmpty()) {
            ObjectNode a = root.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        return (Manifest) ManifestContent.parse(Json.bytes(root), mediaType);
    }

    /**
     * The OCI manifest of an image built on {@code base} ({@code null}: scratch): the base's layer entries as the
     * base wrote them (key order and fields such as {@code urls} kept: the digest must depend on the base's bytes,
     * not on how this model prints a descriptor), Docker layer types renamed to their OCI equivalents
     * ({@link MediaType#ociLayerType}), then {@code added}; the base's annotations are not inherited.
     */
    public static Manifest derive(Manifest base, Descriptor config, List<Descriptor> added) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaType.OCI_MANIFEST);
        root.set("config", Json.write(config));
        ArrayNode array = root.putArray("layers");
        if (base != null) {
            for (JsonNode layer : Json.parseObject(base.bytes(), "manifest").get("layers")) {
                ObjectNode copy = layer.deepCopy();
                copy.put(
                        "mediaType",
                        MediaType.ociLayerType(copy.path("mediaType").asText()));
                array.add(copy);
            }
        }
        added.forEach(l -> array.add(Json.write(l)));
        return (Manifest) ManifestContent.parse(Json.bytes(root), MediaType.OCI_MANIFEST);
    }

    public Descriptor config() {
        return config;
    }

    public List<Descriptor> layers() {
        return layers;
    }

    /** Σ compressed layer sizes: what Docker Hub shows for this platform. */
    public long compressedLayerBytes() {
        return layers.stream().mapToLong(Descriptor::size).sum();
    }

    @Override
    public String toString() {
        return "manifest " + digest() + " (" + layers.size() + " layers)";
    }
}
