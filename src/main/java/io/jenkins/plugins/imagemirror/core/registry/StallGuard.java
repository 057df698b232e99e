package io.jenkins.plugins.imagemirror.core.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Read timeouts for streamed response bodies, which java.net.http does not have: a blob whose bytes stop
 * arriving would otherwise block its reader forever. A read that waits longer than the timeout closes the stream
 * (which wakes the reader) and fails with a message naming the transfer. Only time spent inside {@code read} counts:
 * a caller that pauses (its destinations are slower) is not a stalled registry.
 */
final class StallGuard {
    /** Also watches {@link BlockingExchange}'s uploads. */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-mirror read timeouts");
        t.setDaemon(true);
        return t;
    });

    private StallGuard() {}

    static InputStream guard(InputStream in, Duration timeout, String what) {
        return new Guarded(in, timeout, what);
    }

    private static final class Guarded extends FilterInputStream {
        private final long timeoutNanos;
        private final String what;
        private final ScheduledFuture<?> check;
        private volatile long readingSince;
        private volatile boolean stalled;

        Guarded(InputStream in, Duration timeout, String what) {
            super(in);
            this.timeoutNanos = timeout.toNanos();
            this.what = what;
            long period = Math.max(50, timeout.toMillis() / 4);
            this.check = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            long since = readingSince;
            if (since != 0 && System.nanoTime() - since > timeoutNanos) {
                stalled = true;
                check.cancel(false);
                try {
                    in.close();
                } catch (IOException e) {
                    // closing is how we wake the reader; nothing else to do
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                // a blocking socket read (BlockingExchange) does not see interrupts: an aborted copy stops here
                throw new InterruptedIOException(what + ": interrupted");
            }
            readingSince = System.nanoTime();
            try {
                int n = in.read(b, off, len);
                if (n < 0 && stalled) {
                    throw new IOException("closed");
                }
                return n;
            } catch (IOException e) {
                if (stalled || e instanceof SocketTimeoutException) { // BlockingExchange's socket read timeout
                    throw new IOException(
                            what + ": no data for " + timeoutNanos / 1_000_000_000.0
                                    + " s (read timeout): the registry or the network stalled",
                            e);
                }
                throw e;
            } finally {
                readingSince = 0;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            int k = read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
            return Math.max(k, 0);
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            in.close();
        }
    }
}
