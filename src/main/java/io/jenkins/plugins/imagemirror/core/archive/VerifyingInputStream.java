package io.jenkins.plugins.imagemirror.core.archive;

import io.jenkins.plugins.imagemirror.core.image.Descriptor;
import io.jenkins.plugins.imagemirror.core.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through and, on reaching the end, checks count and digest against the descriptor: a
 * reader that reads to the end never accepts tampered content. Costs one SHA-256 pass (~1.3 GB/s).
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor descriptor;
    private final String where;
    private final MessageDigest hasher;
    private long count;
    private boolean checked;

    VerifyingInputStream(InputStream in, Descriptor descriptor, String where) {
        super(in);
        this.descriptor = descriptor;
        this.where = where;
        this.hasher = descriptor.digest().newHasher();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            check();
            return -1;
        }
        hasher.update(b, off, n);
        count += n;
        if (count > descriptor.size()) {
            throw new IOException("reading blob " + descriptor.digest() + " from " + where + ": more than the "
                    + descriptor.size() + " bytes its descriptor declares");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would bypass the digest: read instead
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != descriptor.size()) {
            throw new IOException("reading blob " + descriptor.digest() + " from " + where + ": " + count
                    + " bytes, its descriptor declares " + descriptor.size());
        }
        Digest actual = Digest.of(hasher);
        if (!actual.equals(descriptor.digest())) {
            throw new IOException("reading blob " + descriptor.digest() + " from " + where + ": content has digest "
                    + actual + " (archive corrupt or tampered)");
        }
    }
}
