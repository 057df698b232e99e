package io.jenkins.plugins.imagemirror.core.image;

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

    static ImageIndex fromJson(byte[] bytes, String mediaType, JsonObject root) {
        String what = "index (" + mediaType + ")";
        JsonArray manifests = Json.optionalArray(root, "manifests", what);
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
        JsonObject root = new JsonObject();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        JsonArray array = root.putArray("manifests");
        for (Descriptor m : manifests) {
            array.add(Json.write(m));
        }
        if (annotations != null && !annotations.isEmpty()) {
            JsonObject a = root.putObject("annotations");
            for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
                a.put(e.getKey(), e.getValue());
            }
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
