package io.jenkins.plugins.imagemirror.core.copy;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.transport.BlobSink;
import io.jenkins.plugins.imagemirror.core.transport.BoundedPipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Feeds one blob to a {@link BlobTap} reading on its own thread. Never fails the copy: a tap that throws or stops
 * reading is dropped, and the rest of the blob goes to the destinations alone.
 */
final class TapSink extends BlobSink {
    /** As {@code RegistryDestination.PIPE_BYTES}: below half of G1's smallest region, never a humongous object. */
    static final int PIPE_BYTES = 256 * 1024;

    private final BoundedPipe pipe = new BoundedPipe(PIPE_BYTES);
    private final Future<?> reading;
    private boolean dropped;

    TapSink(BlobTap tap, Descriptor blob, ExecutorService threads) {
        this.reading = threads.submit(() -> {
            IOException failure = null;
            try {
                tap.read(blob, pipe.input());
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            } finally {
                pipe.closeReader(failure);
            }
        });
    }

    @Override
    public void write(byte[] b, int off, int len) throws InterruptedIOException {
        if (dropped) {
            return;
        }
        try {
            pipe.write(b, off, len);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            dropped = true; // the tap stopped reading: the copy goes on without it
        }
    }

    /** The bytes are verified: lets the tap read the end and waits until it returned. */
    @Override
    public void commit() throws InterruptedIOException {
        pipe.closeWriter();
        try {
            reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new InterruptedIOException("interrupted while waiting for a blob's tap");
        } catch (ExecutionException e) {
            // the tap's own failure: ignored (see BlobTap)
        }
    }

    @Override
    public void abort() {
        pipe.failWriter(new IOException("the copy of this blob failed or was aborted"));
    }
}
