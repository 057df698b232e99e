package io.jenkins.plugins.imagemirror.core.size;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and SHA-256-hashes every byte that passes; costs one hash update per read, no buffering. */
final class CountingDigestInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private long count;
    private byte[] scratch;

    CountingDigestInputStream(InputStream in) {
        this(in, true);
    }

    /** @param hash false: only counts ({@link #digest()} is then unavailable) */
    CountingDigestInputStream(InputStream in, boolean hash) {
        super(in);
        try {
            sha256 = hash ? MessageDigest.getInstance("SHA-256") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0 && sha256 != null) {
            sha256.update((byte) b);
        }
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0 && sha256 != null) {
            sha256.update(buffer, offset, n);
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping must still hash: read through (a tar skips each entry's content: one buffer for them all)
        if (scratch == null) {
            scratch = new byte[65536];
        }
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left, so that count and digest cover the whole stream. */
    void drain() throws IOException {
        if (scratch == null) {
            scratch = new byte[65536];
        }
        while (read(scratch, 0, scratch.length) >= 0) {
            // counted and hashed by read
        }
    }

    long count() {
        return count;
    }

    /** The digest of everything read; call once, at the end (it resets the hash). */
    String digest() {
        if (sha256 == null) {
            throw new IllegalStateException("this stream only counts");
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
