package io.jenkins.plugins.imagemirror.core.image;

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

    static Manifest fromJson(byte[] bytes, String mediaType, JsonObject root) {
        String what = "manifest (" + mediaType + ")";
        Descriptor config = Json.descriptor(root.get("config"), what + " config");
        JsonArray layers = Json.optionalArray(root, "layers", what);
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
        JsonObject root = new JsonObject();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        root.put("config", Json.write(config));
        JsonArray array = root.putArray("layers");
        for (Descriptor l : layers) {
            array.add(Json.write(l));
        }
        if (annotations != null && !annotations.isEmpty()) {
            JsonObject a = root.putObject("annotations");
            for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
                a.put(e.getKey(), e.getValue());
            }
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
        JsonObject root = new JsonObject();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaType.OCI_MANIFEST);
        root.put("config", Json.write(config));
        JsonArray array = root.putArray("layers");
        if (base != null) {
            // parsed when base was made: 'layers' is an array of descriptor objects
            JsonArray layers =
                    (JsonArray) Json.parseObject(base.bytes(), "manifest").get("layers");
            for (JsonValue layer : layers) {
                JsonObject copy = ((JsonObject) layer).deepCopy();
                copy.put("mediaType", MediaType.ociLayerType(JsonValue.textOf(copy.get("mediaType"), "")));
                array.add(copy);
            }
        }
        for (Descriptor l : added) {
            array.add(Json.write(l));
        }
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
