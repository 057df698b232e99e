package io.jenkins.plugins.imagemirror.core.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@code [offset, offset + length)} of a file through positional reads, so any number of these streams can
 * share one channel from several threads. Closing it does not close the channel.
 */
final class RangeInputStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long position;

    RangeInputStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            throw new EOFException("archive ended inside an entry (file truncated while reading?)");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
