package io.jenkins.plugins.imagemirror.core.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image configuration blob that image-mirror reads: platform, layer diff IDs (digests of the
 * uncompressed layers), history (which instruction made which layer), labels, and what a build on this image
 * inherits (author, environment, working directory, ONBUILD triggers). The bytes are kept verbatim;
 * {@link ImageConfigWriter} writes the config of an image built on this one.
 */
public final class ImageConfig {
    /** One history entry; {@code emptyLayer} entries made no layer (ENV, LABEL, ...). */
    public record History(String createdBy, String comment, boolean emptyLayer) {}

    private final byte[] bytes;
    private final Platform platform;
    private final List<Digest> diffIds;
    private final List<History> history;
    private final Map<String, String> labels;
    private Inherited inherited;

    /** What a build on this image starts from: its {@code author} and the {@code config} fields a build reads. */
    private record Inherited(String author, List<String> env, String workingDir, List<String> onBuild) {}

    private ImageConfig(
            byte[] bytes, Platform platform, List<Digest> diffIds, List<History> history, Map<String, String> labels) {
        this.bytes = bytes.clone();
        this.platform = platform;
        this.diffIds = List.copyOf(diffIds);
        this.history = List.copyOf(history);
        this.labels = Map.copyOf(labels);
    }

    public static ImageConfig parse(byte[] bytes) {
        String what = "image config";
        JsonObject root = Json.parseObject(bytes, what);
        String os = Json.optionalText(root, "os", what);
        String arch = Json.optionalText(root, "architecture", what);
        Platform platform = os == null || arch == null || os.isEmpty() || arch.isEmpty()
                ? null
                : new Platform(os, arch, Json.optionalText(root, "variant", what));
        List<Digest> diffIds = new ArrayList<>();
        JsonValue rootfs = root.get("rootfs");
        if (rootfs instanceof JsonObject) {
            JsonArray ids = Json.optionalArray(rootfs, "diff_ids", what + " rootfs");
            if (ids != null) {
                for (JsonValue id : ids) {
                    if (!(id instanceof JsonString text)) {
                        throw new IllegalArgumentException(what + ": rootfs.diff_ids must hold strings");
                    }
                    diffIds.add(Digest.parse(text.text()));
                }
            }
        }
        List<History> history = new ArrayList<>();
        JsonArray h = Json.optionalArray(root, "history", what);
        if (h != null) {
            for (JsonValue entry : h) {
                history.add(new History(
                        Json.optionalText(entry, "created_by", what + " history"),
                        Json.optionalText(entry, "comment", what + " history"),
                        isTrue(entry.get("empty_layer"))));
            }
        }
        JsonValue config = root.get("config");
        Map<String, String> labels =
                config instanceof JsonObject ? Json.stringMap(config, "Labels", what + " config") : Map.of();
        return new ImageConfig(bytes, platform, diffIds, history, labels);
    }

    /** Parsed on first use only: copying and sizing never read these fields, and must not fail on them. */
    private synchronized Inherited inherited() {
        if (inherited == null) {
            String what = "image config";
            JsonObject root = Json.parseObject(bytes, what);
            JsonValue config = root.get("config");
            boolean hasConfig = config instanceof JsonObject;
            inherited = new Inherited(
                    Json.optionalText(root, "author", what),
                    hasConfig ? Json.strings(config, "Env", what + " config") : List.of(),
                    hasConfig ? Json.optionalText(config, "WorkingDir", what + " config") : null,
                    hasConfig ? Json.strings(config, "OnBuild", what + " config") : List.of());
        }
        return inherited;
    }

    /**
     * {@code empty_layer} as Docker's writers mean it, read as leniently as before (Jackson's {@code asBoolean}):
     * {@code true}, a non-zero integer or the string {@code "true"}.
     */
    private static boolean isTrue(JsonValue value) {
        if (value instanceof JsonBoolean b) {
            return b.value();
        }
        if (value instanceof JsonNumber n) {
            return n.isIntegral() && n.longValue() != 0;
        }
        return value instanceof JsonString s && s.text().trim().equals("true");
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public Digest digest() {
        return Digest.sha256(bytes);
    }

    /** {@code null} when the config does not say (some artifacts). */
    public Platform platform() {
        return platform;
    }

    public List<Digest> diffIds() {
        return diffIds;
    }

    public List<History> history() {
        return history;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The {@code author} field, or null. */
    public String author() {
        return inherited().author();
    }

    /** {@code config.Env}: {@code NAME=value} entries in order; empty when absent. */
    public List<String> env() {
        return inherited().env();
    }

    /** {@code config.WorkingDir}, or null. */
    public String workingDir() {
        return inherited().workingDir();
    }

    /** {@code config.OnBuild}: the triggers a build on this image runs after its FROM; empty when absent. */
    public List<String> onBuild() {
        return inherited().onBuild();
    }

    /**
     * What made each layer, by layer index: the {@code created_by} of the history entries that are not empty
     * layers, in order; {@code null} where history does not say.
     */
    public List<String> layerOrigins() {
        List<String> origins = new ArrayList<>();
        for (History entry : history) {
            if (!entry.emptyLayer()) {
                origins.add(entry.createdBy());
            }
        }
        while (origins.size() < diffIds.size()) {
            origins.add(null);
        }
        return origins.subList(0, diffIds.size());
    }
}
