package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One platform's base image, available locally: its config (null for {@code scratch}), its layer descriptors in
 * order, and the OCI layout directory holding their blobs. {@code name} is what FROM said, for messages.
 */
public record BaseImage(String name, ObjectNode config, List<JsonNode> layers, Path layout) {
    public BaseImage {
        layers = List.copyOf(layers);
    }

    public static BaseImage scratch() {
        return new BaseImage("scratch", null, List.of(), null);
    }

    public boolean isScratch() {
        return config == null;
    }
}
