package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.util.List;

/**
 * Sizes of one platform of an image.
 *
 * @param platform         os/architecture[/variant], or "unknown" when neither index nor config says
 * @param manifest         the platform manifest (its size is M)
 * @param config           the config blob (K)
 * @param indexBytes       I when reached through an index, else 0
 * @param sizes            bytes per runtime
 * @param layers           per layer, base first
 * @param presentLayers    digests of layers a node already holds (given by the caller)
 * @param downloadBytes    what that node downloads: manifest, config and missing layers (+ index)
 * @param explanation      the sizes explained in plain words, one paragraph per element
 */
public record PlatformSizes(
        String platform,
        Descriptor manifest,
        Descriptor config,
        long indexBytes,
        RuntimeSizes sizes,
        List<LayerStats> layers,
        List<Digest> presentLayers,
        long downloadBytes,
        List<String> explanation) {

    public PlatformSizes {
        layers = List.copyOf(layers);
        presentLayers = List.copyOf(presentLayers);
        explanation = List.copyOf(explanation);
    }

    public long tarStreamBytes() {
        return layers.stream().mapToLong(LayerStats::tarStreamBytes).sum();
    }

    public long hiddenBytes() {
        return layers.stream().mapToLong(LayerStats::hiddenBytes).sum();
    }
}
