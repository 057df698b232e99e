package io.jenkins.plugins.imagemirror.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one upstream (a registry of the test bed) that injects faults: reset the
 * connection after a number of bytes in either direction, or stall (stop forwarding) after them. Faults apply to the
 * next {@code n} connections and then the proxy forwards faithfully. Plain TCP, so it works for HTTP; TLS passes
 * through untouched (the client talks TLS to the upstream through it). Traffic only to loopback.
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault {
        NONE,
        RESET,
        STALL
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger faultyConnections = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong forwardedUp = new AtomicLong();
    private final AtomicInteger faultsFired = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile long afterBytesUp = Long.MAX_VALUE;
    private volatile long afterBytesDown = Long.MAX_VALUE;
    private volatile int maxFaults = Integer.MAX_VALUE;
    private volatile long upBytesPerSecond = Long.MAX_VALUE;

    public FaultProxy(String upstreamHostPort) throws IOException {
        int colon = upstreamHostPort.lastIndexOf(':');
        this.upstream = new InetSocketAddress(
                upstreamHostPort.substring(0, colon), Integer.parseInt(upstreamHostPort.substring(colon + 1)));
        if (!upstream.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("fault proxy upstream must be on loopback, was " + upstreamHostPort);
        }
        this.server = new ServerSocket();
        // small kernel buffers: a throttled or stalled client notices within ~100 KiB, not after megabytes
        server.setReceiveBufferSize(64 * 1024);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        threads.submit(this::acceptLoop);
    }

    /** host:port of the proxy, to use in place of the upstream's. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /**
     * The next {@code count} connections get {@code fault} once {@code bytesUp} bytes went client→upstream or
     * {@code bytesDown} bytes upstream→client (whichever comes first); use {@code Long.MAX_VALUE} to ignore one.
     */
    public FaultProxy inject(Fault fault, int count, long bytesUp, long bytesDown) {
        this.fault = fault;
        this.afterBytesUp = bytesUp;
        this.afterBytesDown = bytesDown;
        this.faultyConnections.set(count);
        return this;
    }

    /** Fires at most {@code max} faults in all (faulty connections then forward faithfully); for "one reset". */
    public FaultProxy maxFaults(int max) {
        this.maxFaults = max;
        return this;
    }

    /** Forwards client→upstream at most this fast, per connection (a slow uplink); a healthy but slow upload. */
    public FaultProxy throttleUp(long bytesPerSecond) {
        this.upBytesPerSecond = bytesPerSecond;
        return this;
    }

    public int connections() {
        return connections.get();
    }

    /** How many connections were actually reset or stalled (a faulty connection may end before its limit). */
    public int faultsFired() {
        return faultsFired.get();
    }

    /** Bytes forwarded from clients to the upstream, over all connections (uploads, mostly). */
    public long bytesForwardedUp() {
        return forwardedUp.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Fault mine = faultyConnections.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? fault : Fault.NONE;
                threads.submit(() -> serve(client, mine));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, Fault mine) {
        try (client;
                Socket up = new Socket()) {
            up.connect(upstream, 5000);
            open.add(client);
            open.add(up);
            var down = threads.submit(
                    () -> pump(up.getInputStream(), client.getOutputStream(), mine, afterBytesDown, client, up, null));
            pump(client.getInputStream(), up.getOutputStream(), mine, afterBytesUp, client, up, forwardedUp);
            down.get();
        } catch (Exception ignored) {
            // a reset or a closed peer ends the connection; that is the point
        } finally {
            open.remove(client);
        }
    }

    private Void pump(
            InputStream in, OutputStream out, Fault mine, long limit, Socket client, Socket up, AtomicLong counter)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        long started = System.nanoTime();
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long rate = counter != null ? upBytesPerSecond : Long.MAX_VALUE;
                if (rate != Long.MAX_VALUE) {
                    long dueMillis = (total + n) * 1000 / rate - (System.nanoTime() - started) / 1_000_000;
                    if (dueMillis > 0) {
                        Thread.sleep(dueMillis);
                    }
                }
                int allowed = mine == Fault.NONE ? n : (int) Math.max(0, Math.min(n, limit - total));
                out.write(buffer, 0, allowed);
                out.flush();
                total += allowed;
                if (counter != null) {
                    counter.addAndGet(allowed);
                }
                if (allowed < n || (mine != Fault.NONE && total >= limit)) {
                    if (faultsFired.getAndUpdate(f -> f < maxFaults ? f + 1 : f) >= maxFaults) {
                        mine = Fault.NONE; // budget spent: forward the rest faithfully
                        out.write(buffer, allowed, n - allowed);
                        out.flush();
                        if (counter != null) {
                            counter.addAndGet(n - allowed);
                        }
                        continue;
                    }
                    if (mine == Fault.RESET) {
                        client.setSoLinger(true, 0); // RST, not FIN
                        up.setSoLinger(true, 0);
                        client.close();
                        up.close();
                    } else {
                        Thread.sleep(Long.MAX_VALUE); // stall until the test closes the proxy
                    }
                    return null;
                }
            }
            if (!up.isClosed() && !client.isClosed()) {
                try {
                    if (counter != null) {
                        up.shutdownOutput();
                    } else {
                        client.shutdownOutput();
                    }
                } catch (SocketException ignored) {
                    // peer already gone
                }
            }
        } catch (SocketException ignored) {
            // the other direction reset the connection
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
