package io.daft.jdbc.server;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Stops the statement behind an HTTP request whose client has gone away while the request was being served.
 *
 * <p>Jetty (9.4) does not read from a connection while a handler runs, so it only notices a closed client
 * when it writes the response, after the query has run to the end. This watchdog probes every in-flight request
 * that works on a statement (execute, prepare-and-execute, fetch) a few times a second with a non-blocking
 * one-byte read of its connection: end of stream or an error means the client closed or reset the connection,
 * and the statement is cancelled (as {@code Statement.cancel()} would: the running Daft query stops and frees
 * its memory). Avatica's clients never send a second request on a connection before the first is answered, so
 * the read normally finds nothing; should a byte arrive anyway (a pipelining client), the probe stops and the
 * connection is closed after the response, since that byte now belongs to no request.
 */
final class DisconnectWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectWatchdog.class);
    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

    /** Cancels a statement by connection and statement id. */
    interface Canceller {
        boolean cancel(String connectionId, int statementId);
    }

    /** One request being served. */
    static final class Watch {
        final Request request;
        final EndPoint endPoint;
        volatile String connectionId;
        volatile int statementId = -1;
        boolean done;      // guarded by this
        boolean gone;      // guarded by this
        boolean stray;     // guarded by this

        Watch(Request request) {
            this.request = request;
            this.endPoint = request.getHttpChannel().getEndPoint();
        }
    }

    private final Canceller canceller;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ByteBuffer probe = BufferUtil.allocate(1);   // only the timer thread uses it
    private final AtomicLong cancelled = new AtomicLong();

    DisconnectWatchdog(Canceller canceller, long periodMillis) {
        this.canceller = requireNonNull(canceller, "canceller");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daft-server-disconnect-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts watching the request the calling thread is about to serve. */
    Watch begin(Request request) {
        Watch w = new Watch(request);
        CURRENT.set(w);
        watches.add(w);
        return w;
    }

    /** The request is answered (or failed): stop watching; closes the connection afterwards if a probe took a byte. */
    void end(Watch w) {
        CURRENT.remove();
        watches.remove(w);
        boolean stray;
        synchronized (w) {
            w.done = true;
            stray = w.stray;
        }
        if (stray) {
            if (!w.request.getResponse().isCommitted()) {
                w.request.getResponse().setHeader("Connection", "close");
            } else {
                LOG.warn("a client sent data on {} before its request was answered; the next request on it may fail",
                        w.endPoint.getRemoteAddress());
            }
        }
    }

    /** Called on the serving thread once the request is known to work on this statement. */
    static void attach(String connectionId, int statementId) {
        Watch w = CURRENT.get();
        if (w != null) {
            w.connectionId = connectionId;
            w.statementId = statementId;
        }
    }

    /** How many statements were cancelled because their client went away. */
    long cancelledCount() {
        return cancelled.get();
    }

    private void check() {
        try {
            for (Watch w : watches) {
                if (w.connectionId == null) {
                    continue;   // not (yet) working on a statement
                }
                boolean gone;
                synchronized (w) {
                    if (w.done || w.gone || w.stray) {
                        continue;
                    }
                    gone = clientGone(w);
                    w.gone = gone;
                }
                if (gone) {
                    boolean ok = canceller.cancel(w.connectionId, w.statementId);
                    if (ok) {
                        cancelled.incrementAndGet();
                    }
                    LOG.info("client {} closed its connection during a request: statement {} of connection {} {}",
                            w.endPoint.getRemoteAddress(), w.statementId, w.connectionId, ok ? "cancelled" : "already gone");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("disconnect check failed: {}", e.toString());
        }
    }

    /** A non-blocking read: -1 (or an error) means the client is gone; a byte means it is there (and pipelining). */
    private boolean clientGone(Watch w) {
        if (!w.endPoint.isOpen() || w.endPoint.isInputShutdown()) {
            return true;
        }
        BufferUtil.clear(probe);
        int n;
        try {
            n = w.endPoint.fill(probe);
        } catch (IOException e) {
            return true;
        }
        if (n > 0) {
            w.stray = true;
            return false;
        }
        return n < 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
