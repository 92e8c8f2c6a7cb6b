package io.daft.distributed.shuffle;

import io.daft.core.ArrowTypes;
import io.daft.core.DaftException;
import io.daft.memory.Memory;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Serves a {@link ShuffleStore} over Arrow Flight (gRPC on Netty) to reducers on other nodes: a {@code DoGet}
 * whose ticket names a piece (store, query, stage, map task, partition) streams that piece's batches as they are
 * read from its file, reading more only as the client takes them (gRPC flow control), so a slow reducer holds
 * about two batches in the server (one on its way, one read ahead) and no thread. Batches go uncompressed on the
 * wire: Flight for Java reads no compressed bodies.
 * <p>
 * Listens on 127.0.0.1 unless given the node's address; port 0 picks a free port ({@link #endpoint()}).
 */
public final class ShuffleServer implements AutoCloseable {
    private final ShuffleStore store;
    private final ShuffleEndpoint endpoint;
    private final BufferAllocator allocator;
    private final FlightServer server;
    private final AtomicInteger activeStreams = new AtomicInteger();

    private ShuffleServer(ShuffleStore store, String host, int port) {
        this.store = requireNonNull(store, "store");
        requireNonNull(host, "host");
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            throw new IllegalArgumentException("the shuffle server binds to the address reducers connect to, not the wildcard "
                    + host + ": give the node's address");
        }
        this.allocator = Memory.allocator().newChildAllocator("shuffle-server", 0, Long.MAX_VALUE);
        FlightServer started;
        try {
            started = FlightServer.builder(allocator, Location.forGrpcInsecure(host, port), new Producer()).build().start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw new DaftException("cannot start the shuffle server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        this.server = started;
        this.endpoint = new ShuffleEndpoint(host, server.getPort());
        try {
            store.servedAt(endpoint);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Serves {@code store} on 127.0.0.1, on a free port. */
    public static ShuffleServer start(ShuffleStore store) {
        return start(store, "127.0.0.1", 0);
    }

    /** Serves {@code store} on {@code host} (the address other nodes reach this one at) and {@code port} (0: any free). */
    public static ShuffleServer start(ShuffleStore store, String host, int port) {
        return new ShuffleServer(store, host, port);
    }

    /** Where reducers connect; also what {@link ShuffleStore#put} puts in descriptors. */
    public ShuffleEndpoint endpoint() {
        return endpoint;
    }

    public ShuffleStore store() {
        return store;
    }

    /**
     * Stops serving: new fetches are refused; streams still running are cancelled (their reducers get a
     * {@link ShuffleFetchException}). Does not close the store, which takes no more outputs until another server
     * serves it (their descriptors would name a dead endpoint).
     */
    @Override
    public void close() {
        try {
            server.shutdown();
            if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
                server.close();   // cancels the streams still running, then waits for them
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.unserved(endpoint);
            allocator.close();
        }
    }

    /** Streams being sent now. */
    int activeStreams() {
        return activeStreams.get();
    }

    @Override
    public String toString() {
        return "ShuffleServer[" + endpoint + ", " + store.directory() + "]";
    }

    private final class Producer extends NoOpFlightProducer {
        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            ShuffleTicket t;
            try {
                t = ShuffleTicket.parse(ticket);
            } catch (IllegalArgumentException e) {
                listener.error(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage() + " (shuffle server " + endpoint + ")")
                        .toRuntimeException());
                return;
            }
            if (!t.storeId().equals(store.id())) {
                listener.error(CallStatus.NOT_FOUND.withDescription("the output of " + t.key() + " was kept by shuffle store "
                        + t.storeId() + ", but " + endpoint + " now serves store " + store.id() + " (the worker restarted)")
                        .toRuntimeException());
                return;
            }
            Optional<ShuffleFile> file = store.find(t.key());
            if (file.isEmpty()) {
                listener.error(CallStatus.NOT_FOUND.withDescription(store.missing(t.key()) + ", served at " + endpoint).toRuntimeException());
                return;
            }
            if (t.partition() < 0 || t.partition() >= file.get().numPartitions()) {
                listener.error(CallStatus.INVALID_ARGUMENT.withDescription("partition " + t.partition() + " of " + t.key() + ", which has "
                        + file.get().numPartitions() + " partitions").toRuntimeException());
                return;
            }
            stream(file.get(), t, listener);
        }

        private void stream(ShuffleFile file, ShuffleTicket t, ServerStreamListener listener) {
            // the batches are read into fresh buffers each time and never written again: gRPC may send them as they are
            listener.setUseZeroCopy(true);
            if (file.rows(t.partition()) == 0) {
                try (VectorSchemaRoot empty = VectorSchemaRoot.create(ArrowTypes.toArrowSchema(file.schema()), allocator)) {
                    listener.start(empty);
                    listener.completed();
                }
                return;
            }
            new Pump(file, t, listener).begin();
        }
    }

    /**
     * Sends one piece without blocking a thread: batches go while gRPC says the client keeps up ({@code isReady}),
     * one more is read ahead, then the pump returns, and gRPC calls it again when the client has taken enough
     * ({@code onReady}). A cancelled call (the reducer closed its stream, or went away) closes the file. gRPC runs
     * a call's callbacks one at a time, on its executor: blocking there to wait for the client would hold back the
     * very callbacks that say it is ready or gone.
     */
    private final class Pump {
        private final ShuffleFile file;
        private final ShuffleTicket t;
        private final ServerStreamListener listener;
        private ArrowStreamReader reader;
        private boolean loaded;   // the reader's root holds a batch not sent yet
        private boolean done;

        Pump(ShuffleFile file, ShuffleTicket t, ServerStreamListener listener) {
            this.file = file;
            this.t = t;
            this.listener = listener;
        }

        synchronized void begin() {
            activeStreams.incrementAndGet();
            try {
                reader = file.open(t.partition(), allocator);
                listener.setOnReadyHandler(this::pump);
                listener.setOnCancelHandler(this::finish);
                listener.start(reader.getVectorSchemaRoot());
            } catch (IOException | RuntimeException e) {
                fail(e);
                return;
            }
            pump();
        }

        private synchronized void pump() {
            if (done) {
                return;
            }
            try {
                while (!listener.isCancelled()) {
                    // the next batch is read (and decompressed) while the one before is still on its way, before
                    // waiting for the client: reading and sending overlap
                    if (!loaded) {
                        if (!reader.loadNextBatch()) {
                            listener.completed();
                            finish();
                            return;
                        }
                        loaded = true;
                    }
                    if (!listener.isReady()) {
                        return;
                    }
                    listener.putNext();
                    loaded = false;
                }
                finish();
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }

        private void fail(Exception e) {
            listener.error(CallStatus.INTERNAL.withDescription("cannot read partition " + t.partition() + " of " + t.key()
                    + " from " + file.path() + " at " + endpoint + ": " + e.getMessage()).withCause(e).toRuntimeException());
            finish();
        }

        private synchronized void finish() {
            if (done) {
                return;
            }
            done = true;
            activeStreams.decrementAndGet();
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    // only a file handle; the memory was released
                }
            }
        }
    }
}
