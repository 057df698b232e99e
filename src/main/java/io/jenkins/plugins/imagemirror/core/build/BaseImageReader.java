package io.jenkins.plugins.imagemirror.core.build;

import io.jenkins.plugins.imagemirror.core.image.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one platform's base image from an OCI layout directory the engine fetched it into: the entry named REF in
 * {@code index.json} (a manifest, or an index to pick the platform from), its config and layer descriptors.
 */
final class BaseImageReader {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private BaseImageReader() {}

    static BaseImage fromLayout(String name, Path dir, String tag, Platform platform) throws IOException {
        OciLayout layout = OciLayout.open(dir);
        JsonNode manifests = layout.index().path("manifests");
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode m : manifests) {
            String ref = m.at("/annotations/org.opencontainers.image.ref.name").asText(null);
            if (tag == null || tag.equals(ref)) {
                candidates.add(m);
            }
        }
        if (candidates.size() != 1) {
            throw new IOException("reading base image " + name + ": " + (candidates.isEmpty() ? "no image"
                    : candidates.size() + " images") + (tag == null ? "" : " tagged " + tag) + " in " + dir
                    + "; name one with oci:DIR:TAG");
        }
        JsonNode descriptor = candidates.get(0);
        String mediaType = descriptor.path("mediaType").asText();
        if (mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST)) {
            descriptor = selectPlatform(name, layout.readJson(descriptor.get("digest").asText()), platform);
        }
        JsonNode manifest = layout.readJson(descriptor.get("digest").asText());
        ObjectNode config = (ObjectNode) layout.readJson(manifest.at("/config/digest").asText());
        String os = config.path("os").asText();
        String arch = config.path("architecture").asText();
        if (!matches(platform, os, arch, config.path("variant").asText(null))) {
            throw new IOException("base image " + name + " is " + os + "/" + arch + ", not " + platform + "; build "
                    + "for " + os + "/" + arch + " or use a base with " + platform);
        }
        List<JsonNode> layers = new ArrayList<>();
        manifest.path("layers").forEach(layers::add);
        return new BaseImage(name, config, layers, dir);
    }

    /** Whether an image for os/arch/variant runs on {@code platform}; a malformed platform never does. */
    static boolean matches(Platform platform, String os, String architecture, String variant) {
        try {
            return platform.matches(new Platform(os, architecture, variant));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode selectPlatform(String name, JsonNode index, Platform platform) throws IOException {
        List<String> available = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode p = m.path("platform");
            available.add(p.path("os").asText() + "/" + p.path("architecture").asText()
                    + (p.hasNonNull("variant") ? "/" + p.get("variant").asText() : ""));
            if (matches(platform, p.path("os").asText(), p.path("architecture").asText(),
                    p.path("variant").asText(null))) {
                return m;
            }
        }
        throw new IOException("base image " + name + " has no " + platform + " image (it has " + available
                + "); build for one of those platforms");
    }
}
