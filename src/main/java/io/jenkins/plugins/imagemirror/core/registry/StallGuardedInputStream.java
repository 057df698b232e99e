package io.jenkins.plugins.imagemirror.core.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose reads fail once one of them has waited longer than the read timeout: the JDK's HTTP
 * client bounds only the wait for response headers, so a registry that stalls in the middle of a blob would block
 * a copy forever. Only time spent inside {@code read} counts: a consumer that reads slowly (a destination applying
 * back-pressure) never trips it. Costs one check per quarter timeout on a shared daemon thread.
 */
final class StallGuardedInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-mirror read watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Duration timeout;
    private final String operation;
    private final String target;
    private final ScheduledFuture<?> check;
    /** nanoTime when the read in progress started, 0 when none is. */
    private volatile long readingSince;
    private volatile boolean stalled;

    StallGuardedInputStream(InputStream body, Duration timeout, String operation, String target) {
        super(body);
        this.timeout = timeout;
        this.operation = operation;
        this.target = target;
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        this.check = WATCHDOG.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long since = readingSince;
        if (since != 0 && System.nanoTime() - since > timeout.toNanos() && !stalled) {
            stalled = true;
            try {
                in.close(); // wakes the blocked read
            } catch (IOException ignored) {
                // the read fails or ends either way; stalled decides what it reports
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
        if (stalled) {
            throw timedOut(null);
        }
        readingSince = System.nanoTime();
        try {
            int n = in.read(b, off, len);
            if (stalled) {
                throw timedOut(null);
            }
            return n;
        } catch (IOException e) {
            throw stalled ? timedOut(e) : e;
        } finally {
            readingSince = 0;
        }
    }

    private RegistryException timedOut(IOException cause) {
        return new RegistryException(operation, target, -1, null, "timed out: no data for "
                + String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0) + " (read timeout) in the"
                + " middle of the response (the registry stalls; raise the read timeout if it is merely slow)", cause);
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
