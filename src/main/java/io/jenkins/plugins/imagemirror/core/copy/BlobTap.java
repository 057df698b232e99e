package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Sees the bytes of blobs as {@link ImageCopier} streams them from the source to the destinations, so that other work
 * on the same bytes (the size report's layer scan, core.size) needs no second read of the image. The copy never
 * depends on a tap: whatever it throws is ignored. Only blobs some destination lacks stream, so a copy to a
 * destination that has them all feeds the tap nothing.
 */
public interface BlobTap {
    /** Sees nothing. */
    BlobTap NONE = of(blob -> false, (blob, bytes) -> {});

    /** The tap of these two functions, e.g. {@code BlobTap.of(cache::lacks, cache::scan)}. */
    static BlobTap of(Predicate<Descriptor> wants, Reader reader) {
        return new BlobTap() {
            @Override
            public boolean wants(Descriptor blob) {
                return wants.test(blob);
            }

            @Override
            public void read(Descriptor blob, InputStream bytes) throws IOException {
                reader.read(blob, bytes);
            }
        };
    }

    /** {@link BlobTap#read} alone. */
    @FunctionalInterface
    interface Reader {
        void read(Descriptor blob, InputStream bytes) throws IOException;
    }

    /** Whether {@link #read} should get this blob's bytes; asked before each read of the source. */
    boolean wants(Descriptor blob);

    /**
     * Reads one blob's bytes as the copier streams them, on a thread of the copy's own. The copier waits for it to
     * return once the bytes are verified against their digest; when the source fails or the copy is aborted, the
     * stream's next read throws. The tap and the copy are joined by a ring of {@link TapSink#PIPE_BYTES}: a slow
     * tap slows the copy, memory does not grow.
     */
    void read(Descriptor blob, InputStream bytes) throws IOException;
}
