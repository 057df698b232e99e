package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.registry.RegistryClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one blob into a registry: the copier's writes go through a {@link BoundedPipe} to an upload running on
 * its own thread, so one source stream can feed several registries at once, each at its own pace but never more
 * than the pipe's capacity ahead. {@link #commit()} waits for the registry's 201 (the client checks
 * {@code Docker-Content-Digest}); {@link #abort()} makes the upload fail, which cancels it on the registry.
 */
final class RegistryBlobSink extends BlobSink {
    /** How long abort waits for the upload to notice and cancel before leaving it to finish on its own. */
    private static final long ABORT_WAIT_SECONDS = 10;

    private final Descriptor blob;
    private final String describe;
    private final BoundedPipe pipe;
    private final CompletableFuture<Void> upload;
    private final AtomicLong uploaded = new AtomicLong();
    private long written;
    private volatile boolean finished;

    RegistryBlobSink(RegistryClient client, String repository, Descriptor blob, Executor executor, int pipeSize) {
        this.blob = blob;
        this.describe = blob.digest().shortForm() + " to " + client.host() + "/" + repository;
        this.pipe = new BoundedPipe(pipeSize);
        InputStream counted = new FilterInputStream(pipe.input()) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    uploaded.addAndGet(n);
                }
                return n;
            }
        };
        this.upload = CompletableFuture.runAsync(
                () -> {
                    IOException failure = null;
                    try {
                        client.putBlob(repository, blob, counted);
                    } catch (IOException e) {
                        failure = e;
                        throw new java.util.concurrent.CompletionException(e);
                    } catch (RuntimeException e) {
                        failure = new IOException("pushing blob " + describe + ": " + e, e);
                        throw e;
                    } finally {
                        pipe.closeReader(failure);
                    }
                },
                executor);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("pushing blob " + describe + ": the sink is already committed or aborted");
        }
        if (written + len > blob.size()) {
            throw new IOException(
                    "pushing blob " + describe + ": more than the " + blob.size() + " bytes the descriptor states");
        }
        pipe.write(b, off, len);
        written += len;
    }

    @Override
    public void commit() throws IOException {
        if (finished) {
            throw new IOException("pushing blob " + describe + ": the sink is already committed or aborted");
        }
        if (written != blob.size()) {
            abort();
            throw new IOException("pushing blob " + describe + ": " + written + " bytes written, the descriptor"
                    + " states " + blob.size());
        }
        finished = true;
        pipe.closeWriter();
        try {
            upload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipe.failWriter(new InterruptedIOException("interrupted"));
            throw new InterruptedIOException("interrupted while pushing blob " + describe);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("pushing blob " + describe + ": " + cause, cause);
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        pipe.failWriter(new IOException("upload of " + describe + " aborted by the copy"));
        try {
            upload.get(ABORT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // expected: the upload fails because we failed its input; it cancels itself on the registry
        }
    }

    @Override
    public long bytesUploaded() {
        return uploaded.get();
    }

    @Override
    public void close() {
        abort();
    }
}
