package io.jenkins.plugins.imagemirror.core.size;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyzes the layers of one image (one platform), base first, in one streaming pass per layer: sizes, entry counts,
 * whiteouts, the largest files, and the bytes each layer loses to later ones.
 *
 * <p>Cost: each blob is read and decompressed once, and both its compressed and uncompressed bytes are hashed
 * (checked against the manifest and the config): about twice the CPU of gunzip alone (measured: a 225 MB tar of
 * 40 000 files in 1.4 s of CPU, gunzip alone 0.7 s). Memory: one map entry per live file path of the image, never
 * layer content.
 */
public final class LayerAnalyzer {
    /** How many of the largest files each layer lists by default. */
    public static final int DEFAULT_LARGEST_FILES = 10;

    private final int largestFiles;

    public LayerAnalyzer() {
        this(DEFAULT_LARGEST_FILES);
    }

    public LayerAnalyzer(int largestFiles) {
        if (largestFiles < 0) {
            throw new IllegalArgumentException("largestFiles must be >= 0, got " + largestFiles);
        }
        this.largestFiles = largestFiles;
    }

    /**
     * @param layers    the manifest's layer descriptors, base first
     * @param createdBy per layer, the history entry that made it (null entries where unknown); may be empty
     * @param opener    opens each layer blob once
     */
    public List<LayerStats> analyze(List<Descriptor> layers, List<String> createdBy, BlobOpener opener)
            throws IOException {
        OverlayTracker tracker = new OverlayTracker();
        LayerScanner scanner = new LayerScanner(largestFiles);
        List<LayerStats> scanned = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            try (InputStream in = opener.open(layer)) {
                LayerStats stats = scanner.scan(i, layer, in, tracker);
                scanned.add(i < createdBy.size() ? stats.withCreatedBy(createdBy.get(i)) : stats);
            } catch (IOException | RuntimeException e) {
                throw new IOException("analyzing layer " + (i + 1) + "/" + layers.size() + " " + layer.digest()
                        + ": " + e.getMessage(), e);
            }
        }
        List<LayerStats> result = new ArrayList<>(scanned.size());
        for (LayerStats stats : scanned) {
            result.add(stats.withHiddenBytes(tracker.hiddenBytes(stats.index())));
        }
        return List.copyOf(result);
    }
}
