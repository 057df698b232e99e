package io.jenkins.plugins.imagemirror.core.build;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished build: an OCI layout directory whose {@code index.json} names one image (a manifest, or an image
 * index when several platforms were built), ready for the engine's copier.
 *
 * @param layout the OCI layout directory
 * @param digest the digest of the top manifest or index: the same in every destination
 * @param mediaType OCI manifest or OCI image index
 * @param size the top manifest's or index's size in bytes
 * @param images one entry per platform
 */
public record BuildResult(Path layout, String digest, String mediaType, long size, List<PlatformImage> images) {
    public BuildResult {
        images = List.copyOf(images);
    }

    /** One platform's image: its manifest, config and layers, base layers first. */
    public record PlatformImage(String platform, String manifestDigest, String configDigest, List<Layer> layers) {
        public PlatformImage {
            layers = List.copyOf(layers);
        }
    }

    /**
     * A layer and what made it: {@code createdBy} is the instruction ({@code COPY app /app}) or, for a base layer,
     * the base image's name; {@code line} is the instruction's line (0 for base layers); {@code compressed} says
     * whether this build compressed it (false: reused from the base or the layer cache).
     */
    public record Layer(
            String digest, long size, String diffId, String createdBy, int line, boolean fromBase, boolean compressed) {
        /** This layer as a base layer of an image built FROM {@code base}. */
        public Layer withBase(String base) {
            return new Layer(digest, size, diffId, base, 0, true, false);
        }
    }
}
