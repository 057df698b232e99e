package io.jenkins.plugins.imagemirror.core.transport;

import io.jenkins.plugins.imagemirror.core.archive.BlobOutput;
import java.io.IOException;

/** A {@link BlobSink} into a layout directory: a temporary file, verified and renamed into place on commit. */
final class LayoutBlobSink extends BlobSink {
    private final BlobOutput out;
    private boolean committed;

    LayoutBlobSink(BlobOutput out) {
        this.out = out;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void commit() throws IOException {
        out.commit();
        committed = true;
    }

    @Override
    public void abort() {
        out.close();
    }

    @Override
    public void close() {
        if (!committed) {
            abort();
        }
    }
}
