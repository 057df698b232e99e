package io.jenkins.plugins.imagemirror.core.size;

import java.util.ArrayList;
import java.util.List;

/**
 * What one layer does to the image's files, recorded while the layer is scanned and replayed later into the
 * {@link OverlayTracker} of each image that has the layer, in that image's layer order. This is what lets a layer be
 * scanned once for every platform that shares it, and layers be scanned in parallel. Memory: one entry per tar
 * entry that is not a plain directory of the layer (a path and a size), never content.
 */
final class LayerEvents {
    private enum Kind { FILE, DIRECTORY, OTHER, WHITEOUT, OPAQUE }

    private record Event(Kind kind, String path, long size) {
    }

    /** Heap an event takes besides its path's characters: the record, its list slot, the String object. */
    private static final long EVENT_OVERHEAD_BYTES = 80;

    private final List<Event> events = new ArrayList<>();
    private long weightBytes = 64;

    /** A regular file at {@code path}. */
    void file(String path, long size) {
        events.add(new Event(Kind.FILE, path, size));
        weightBytes += EVENT_OVERHEAD_BYTES + 2L * path.length();
    }

    /** Any non-regular entry (directory, link, device) at {@code path}. */
    void other(String path, boolean directory) {
        events.add(new Event(directory ? Kind.DIRECTORY : Kind.OTHER, path, 0));
        weightBytes += EVENT_OVERHEAD_BYTES + 2L * path.length();
    }

    /** A {@code .wh.NAME} marker deleting {@code path} from lower layers. */
    void whiteout(String path) {
        events.add(new Event(Kind.WHITEOUT, path, 0));
        weightBytes += EVENT_OVERHEAD_BYTES + 2L * path.length();
    }

    /** A {@code .wh..wh..opq} marker in {@code directory} ("" for the root). */
    void opaque(String directory) {
        events.add(new Event(Kind.OPAQUE, directory, 0));
        weightBytes += EVENT_OVERHEAD_BYTES + 2L * directory.length();
    }

    /** The heap these events take, estimated (what {@link LayerScanCache} bounds). */
    long weightBytes() {
        return weightBytes;
    }

    /** Plays this layer into {@code tracker} as its layer {@code index}, in the order the tar stream had. */
    void replay(OverlayTracker tracker, int index) {
        tracker.beginLayer(index);
        for (Event e : events) {
            switch (e.kind()) {
                case FILE -> tracker.file(e.path(), e.size());
                case DIRECTORY -> tracker.other(e.path(), true);
                case OTHER -> tracker.other(e.path(), false);
                case WHITEOUT -> tracker.whiteout(e.path());
                case OPAQUE -> tracker.opaque(e.path());
            }
        }
        tracker.endLayer();
    }
}
