package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * One blob being written into a layout directory: bytes go to a temporary file beside {@code blobs/<alg>/<hex>},
 * {@link #commit()} checks size and digest against the descriptor and renames the file into place. Until then the
 * blob is invisible; {@link #close()} without commit deletes it. Not thread-safe (one writer per blob).
 */
public final class BlobOutput extends OutputStream {
    private final Descriptor descriptor;
    private final StagedFile file;
    private final MessageDigest hasher;
    private long written;
    private boolean closed;

    BlobOutput(Path layout, Descriptor descriptor) throws IOException {
        this.descriptor = descriptor;
        this.file = StagedFile.create(layout.resolve(LayoutNames.blobPath(descriptor.digest())));
        this.hasher = descriptor.digest().newHasher();
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("writing blob " + descriptor.digest() + ": already closed");
        }
        if (written + len > descriptor.size()) {
            throw new IOException("writing blob " + descriptor.digest() + ": more than the " + descriptor.size()
                    + " bytes its descriptor declares");
        }
        file.stream().write(b, off, len);
        hasher.update(b, off, len);
        written += len;
    }

    /** Verifies size and digest, then makes the blob visible under {@code blobs/<alg>/<hex>}. */
    public void commit() throws IOException {
        if (closed) {
            throw new IOException("committing blob " + descriptor.digest() + ": already closed");
        }
        closed = true;
        try {
            if (written != descriptor.size()) {
                throw new IOException("writing blob " + descriptor.digest() + ": got " + written
                        + " bytes, its descriptor declares " + descriptor.size());
            }
            Digest actual = Digest.of(hasher);
            if (!actual.equals(descriptor.digest())) {
                throw new IOException("writing blob " + descriptor.digest() + ": content has digest " + actual
                        + " (source corrupt or tampered)");
            }
            file.commit();
        } finally {
            file.close();
        }
    }

    /** Discards the blob unless committed. Never throws. */
    @Override
    public void close() {
        closed = true;
        file.close();
    }
}
