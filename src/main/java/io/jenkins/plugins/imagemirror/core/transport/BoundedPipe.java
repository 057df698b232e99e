package io.jenkins.plugins.imagemirror.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed-size byte ring between one writing thread (the copier) and one reading thread (an upload). The writer
 * blocks while the ring is full, so a slow registry slows the copy instead of growing memory. Either side can fail
 * the other: an aborted copy makes the reader's next read throw, a failed upload makes the writer's next write
 * throw with the upload's error as cause. Unlike {@link java.io.PipedInputStream}, it does not depend on which
 * threads call it.
 */
public final class BoundedPipe {
    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int count;
    private boolean writerClosed;
    private IOException writerFailure;
    private IOException readerFailure;
    private boolean readerClosed;

    public BoundedPipe(int capacity) {
        ring = new byte[capacity];
    }

    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                while (count == ring.length && !readerClosed) {
                    await(notFull);
                }
                if (readerClosed) {
                    throw readerFailure != null
                            ? new IOException(readerFailure.getMessage(), readerFailure)
                            : new IOException("the upload stopped reading");
                }
                int tail = (head + count) % ring.length;
                int n = Math.min(len, Math.min(ring.length - count, ring.length - tail));
                System.arraycopy(b, off, ring, tail, n);
                count += n;
                off += n;
                len -= n;
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** End of data: the reader sees EOF once the ring is drained. */
    public void closeWriter() {
        lock.lock();
        try {
            writerClosed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader's next read throws {@code failure}, whatever is still in the ring. */
    public void failWriter(IOException failure) {
        lock.lock();
        try {
            writerFailure = failure;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader is gone (done or failed): writes fail from now on, with {@code failure} as cause if given. */
    public void closeReader(IOException failure) {
        lock.lock();
        try {
            readerClosed = true;
            readerFailure = failure;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public InputStream input() {
        return new InputStream() {
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
                lock.lock();
                try {
                    while (count == 0 && !writerClosed && writerFailure == null) {
                        await(notEmpty);
                    }
                    if (writerFailure != null) {
                        throw new IOException(writerFailure.getMessage(), writerFailure);
                    }
                    if (count == 0) {
                        return -1;
                    }
                    int n = Math.min(len, Math.min(count, ring.length - head));
                    System.arraycopy(ring, head, b, off, n);
                    head = (head + n) % ring.length;
                    count -= n;
                    notFull.signalAll();
                    return n;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public int available() {
                lock.lock();
                try {
                    return count;
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    private static void await(Condition condition) throws InterruptedIOException {
        try {
            condition.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming a blob");
        }
    }
}
