package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts one platform's image together in the output layout: the base's layers (blobs linked, never recompressed),
 * the built layers, a config merged the way {@code docker build} merges (base ENV overridden per name, ENTRYPOINT
 * clearing an inherited CMD, labels/ports/volumes added) and an OCI manifest. The output depends only on its
 * inputs: fixed key order, the plan's creation time everywhere.
 */
final class ImageComposer {
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final Map<String, String> OCI_LAYER_TYPES = Map.of(
            "application/vnd.docker.image.rootfs.diff.tar.gzip", LAYER,
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    /** Top-level config fields describing how the base itself was built: stale for the new image. */
    private static final Set<String> DROPPED = Set.of("container", "container_config", "docker_version");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImageComposer() {}

    /**
     * @param built the built layer of each of {@code plan}'s layer steps, in order
     * @return the manifest's descriptor, with its platform
     */
    static ObjectNode compose(OciLayout out, BaseImage base, BuildPlan plan, List<BuiltLayer> built,
            Platform platform) throws IOException {
        ArrayNode layers = OciLayout.JSON.createArrayNode();
        ArrayNode diffIds = OciLayout.JSON.createArrayNode();
        if (!base.isScratch()) {
            OciLayout baseLayout = OciLayout.open(base.layout());
            for (JsonNode layer : base.layers()) {
                String digest = layer.get("digest").asText();
                out.importBlob(baseLayout.blob(digest), digest);
                ObjectNode copy = layer.deepCopy();
                String type = copy.path("mediaType").asText();
                copy.put("mediaType", OCI_LAYER_TYPES.getOrDefault(type, type));
                layers.add(copy);
            }
            base.config().at("/rootfs/diff_ids").forEach(diffIds::add);
        }
        for (BuiltLayer layer : built) {
            out.importBlob(layer.blob(), layer.digest());
            ObjectNode descriptor = layers.addObject();
            descriptor.put("mediaType", LAYER);
            descriptor.put("digest", layer.digest());
            descriptor.put("size", layer.size());
            diffIds.add(layer.diffId());
        }
        byte[] config = OciLayout.JSON.writeValueAsBytes(config(base, plan, platform, diffIds));
        ObjectNode manifest = OciLayout.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST);
        manifest.set("config", out.writeBlob(CONFIG, config));
        manifest.set("layers", layers);
        ObjectNode descriptor = out.writeBlob(MANIFEST, OciLayout.JSON.writeValueAsBytes(manifest));
        ObjectNode p = descriptor.putObject("platform");
        p.put("architecture", platform.architecture());
        p.put("os", platform.os());
        if (platform.variant() != null) {
            p.put("variant", platform.variant());
        }
        return descriptor;
    }

    static ObjectNode config(BaseImage base, BuildPlan plan, Platform platform, ArrayNode diffIds) {
        ObjectNode baseConfig = base.isScratch() ? OciLayout.JSON.createObjectNode() : base.config();
        ObjectNode out = OciLayout.JSON.createObjectNode();
        String created = plan.created().toString();
        out.put("created", created);
        String author = plan.author() != null ? plan.author() : baseConfig.path("author").asText(null);
        if (author != null) {
            out.put("author", author);
        }
        out.put("architecture", platform.architecture());
        out.put("os", platform.os());
        if (platform.variant() != null) {
            out.put("variant", platform.variant());
        }
        baseConfig.fields().forEachRemaining(field -> {
            if (!out.has(field.getKey()) && !DROPPED.contains(field.getKey()) && !Set.of("config", "rootfs",
                    "history", "variant").contains(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        });
        out.set("config", ConfigMerger.merge(baseConfig.path("config"), plan, base.isScratch() ? DEFAULT_PATH
                : null));
        ObjectNode rootfs = out.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        ArrayNode history = out.putArray("history");
        baseConfig.path("history").forEach(history::add);
        for (BuildPlan.Step step : plan.steps()) {
            ObjectNode entry = history.addObject();
            entry.put("created", created);
            entry.put("created_by", step.createdBy());
            entry.put("comment", "image-mirror");
            if (step.layer() == null) {
                entry.put("empty_layer", true);
            }
        }
        return out;
    }
}
