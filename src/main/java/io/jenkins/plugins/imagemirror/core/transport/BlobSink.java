package io.jenkins.plugins.imagemirror.core.transport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Receives one blob's bytes. The copier writes exactly the descriptor's size, verifies the digest, and then calls
 * {@link #commit()}; on any failure it calls {@link #abort()} instead, after which nothing of the blob may be
 * visible. {@link #close()} is {@link #abort()} unless committed.
 */
public abstract class BlobSink extends OutputStream {

    /** The bytes are complete and verified: store them (a registry finishes the upload). */
    public abstract void commit() throws IOException;

    /** Discard what was written. Never throws. */
    public abstract void abort();

    /** Bytes this sink actually sent over the network (0 for local files); for "bytes uploaded" in reports. */
    public long bytesUploaded() {
        return 0;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }
}
