package io.jenkins.plugins.imagemirror.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.imagemirror.core.image.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One platform's base image, available locally in an OCI layout directory ({@code scratch} has none). A
 * {@link BaseImageSource} fetches the image into a layout and returns {@link #fromLayout}.
 */
public final class BaseImage {
    private static final BaseImage SCRATCH = new BaseImage("scratch", null, List.of(), null);

    private final String name;
    private final ObjectNode config;
    private final List<JsonNode> layers;
    private final Path layout;

    BaseImage(String name, ObjectNode config, List<JsonNode> layers, Path layout) {
        this.name = name;
        this.config = config;
        this.layers = List.copyOf(layers);
        this.layout = layout;
    }

    public static BaseImage scratch() {
        return SCRATCH;
    }

    /**
     * The image named {@code ref} in the OCI layout {@code dir} (null: the only one), for {@code platform}: a
     * manifest whose config is that platform, or an index with such a manifest.
     *
     * @param name what FROM said, for messages and the size report
     * @throws IOException naming the layout when the image or platform is missing or unreadable
     */
    public static BaseImage fromLayout(String name, Path dir, String ref, Platform platform) throws IOException {
        return BaseImageReader.fromLayout(name, dir, ref, platform);
    }

    /** What FROM said, e.g. {@code alpine:3.20} or {@code oci:/cache/base}. */
    public String name() {
        return name;
    }

    public boolean isScratch() {
        return config == null;
    }

    /** The OCI layout holding the base's blobs; null for scratch. */
    public Path layout() {
        return layout;
    }

    /** The image config (null for scratch); callers must not modify it. */
    ObjectNode config() {
        return config;
    }

    /** The manifest's layer descriptors, in order. */
    List<JsonNode> layers() {
        return layers;
    }
}
