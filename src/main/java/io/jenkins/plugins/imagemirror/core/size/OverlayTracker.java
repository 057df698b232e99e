package io.jenkins.plugins.imagemirror.core.size;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Follows regular files through the layers of one image, in order, to find the bytes each layer loses to later
 * layers: a file rewritten (or replaced by a link or directory) later, or deleted by a whiteout or an opaque
 * directory. Memory: one map entry per live regular file path; no file content.
 *
 * <p>Whiteouts and opaque markers apply to lower layers only, whatever their position in the tar stream, so they
 * are collected during a layer and applied when it ends.
 */
final class OverlayTracker {
    private record Origin(int layer, long size) {}

    private final NavigableMap<String, Origin> files = new TreeMap<>();
    private final List<Long> hidden = new ArrayList<>();
    private final List<String> pendingDeletions = new ArrayList<>();
    private final List<String> pendingOpaque = new ArrayList<>();
    private int layer = -1;

    void beginLayer(int index) {
        if (index != layer + 1) {
            throw new IllegalStateException(
                    "layers must be tracked in order: expected " + (layer + 1) + ", got " + index);
        }
        layer = index;
        hidden.add(0L);
    }

    /** A regular file at {@code path} in the current layer. */
    void file(String path, long size) {
        replace(path);
        files.put(path, new Origin(layer, size));
    }

    /** Any non-regular entry (directory, link, device) at {@code path} in the current layer. */
    void other(String path, boolean directory) {
        Origin old = files.remove(path);
        if (old != null) {
            addHidden(old.layer(), old.size());
        }
        if (!directory) {
            removeSubtree(path, layer + 1);
        }
    }

    /** A {@code .wh.NAME} marker: {@code path} (and what is below it) is deleted from lower layers. */
    void whiteout(String path) {
        pendingDeletions.add(path);
    }

    /** A {@code .wh..wh..opq} marker in {@code directory} ("" for the root). */
    void opaque(String directory) {
        pendingOpaque.add(directory);
    }

    void endLayer() {
        for (String path : pendingDeletions) {
            Origin old = files.get(path);
            if (old != null && old.layer() < layer) {
                files.remove(path);
                addHidden(old.layer(), old.size());
            }
            removeSubtree(path, layer);
        }
        for (String directory : pendingOpaque) {
            removeSubtree(directory, layer);
        }
        pendingDeletions.clear();
        pendingOpaque.clear();
    }

    long hiddenBytes(int layerIndex) {
        return hidden.get(layerIndex);
    }

    private void replace(String path) {
        Origin old = files.get(path);
        if (old != null) {
            addHidden(old.layer(), old.size());
        }
        removeSubtree(path, layer + 1);
    }

    /** Removes files strictly below {@code directory} that come from layers before {@code belowLayer}. */
    private void removeSubtree(String directory, int belowLayer) {
        Map<String, Origin> below = directory.isEmpty()
                ? files
                : files.subMap(directory + "/", true, directory + "0", false); // '0' follows '/' in UTF-16 order
        var it = below.entrySet().iterator();
        while (it.hasNext()) {
            Origin origin = it.next().getValue();
            if (origin.layer() < belowLayer) {
                addHidden(origin.layer(), origin.size());
                it.remove();
            }
        }
    }

    private void addHidden(int layerIndex, long bytes) {
        hidden.set(layerIndex, hidden.get(layerIndex) + bytes);
    }
}
