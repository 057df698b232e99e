package io.jenkins.plugins.imagemirror.core.size;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one layer does to the image's files, recorded while the layer is scanned and replayed later into the
 * {@link OverlayTracker} of each image that has the layer, in that image's layer order. This is what lets a layer be
 * scanned once for every platform that shares it, and layers be scanned in parallel. Memory: one entry per tar
 * entry that is not a plain directory of the layer (a path and a size), never content.
 */
final class LayerEvents {
    private enum Kind {
        FILE,
        DIRECTORY,
        OTHER,
        WHITEOUT,
        OPAQUE
    }

    private record Event(Kind kind, String path, long size) {}

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

    /** Writes the events for {@link #readFrom} (core.size's {@link LayerScanFiles}). */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(events.size());
        for (Event e : events) {
            out.writeByte(e.kind().ordinal());
            out.writeUTF(e.path());
            out.writeLong(e.size());
        }
    }

    /** The events {@link #writeTo} wrote, with the same weight. */
    static LayerEvents readFrom(DataInput in) throws IOException {
        LayerEvents read = new LayerEvents();
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("a negative event count");
        }
        Kind[] kinds = Kind.values();
        for (int i = 0; i < count; i++) {
            int kind = in.readUnsignedByte();
            if (kind >= kinds.length) {
                throw new IOException("an unknown event kind " + kind);
            }
            String path = in.readUTF();
            read.events.add(new Event(kinds[kind], path, in.readLong()));
            read.weightBytes += EVENT_OVERHEAD_BYTES + 2L * path.length();
        }
        return read;
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
