package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The layers of one image, base first, as the name of what replaying their scans found ({@link OverlayTracker}: the
 * bytes later layers hide of each layer). That is a function of the layers' contents in that order, so a chain of
 * sha256 content addresses names it for good, as containerd's chain IDs name a snapshot: a report that meets the
 * chain again takes the result instead of replaying every file of every layer.
 *
 * @param key  one line per layer, base first: its digest and media type
 * @param size the number of layers
 */
record LayerChain(String key, int size) {
    /** The chain of {@code layers}, or null when a layer is not addressed by sha256 (nothing to name it by). */
    static LayerChain of(List<Descriptor> layers) {
        StringBuilder key = new StringBuilder();
        for (Descriptor layer : layers) {
            if (!layer.digest().algorithm().equals("sha256")) {
                return null;
            }
            key.append(layer.digest()).append(' ').append(layer.mediaType()).append('\n');
        }
        return new LayerChain(key.toString(), layers.size());
    }

    /** A file name for the chain: the sha256 of its key. */
    String name() {
        return "sha256-" + Digest.sha256(key.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
