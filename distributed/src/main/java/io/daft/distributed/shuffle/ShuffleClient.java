package io.daft.distributed.shuffle;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.execution.BatchIterators;
import io.daft.memory.Memory;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Fetches pieces of map output for reducers: from this process's own {@link ShuffleStore} by reading its files
 * directly when the piece is there, else over Arrow Flight from the {@link ShuffleServer} holding it, one
 * connection per endpoint, reused. Any failure to get a piece, whole and intact, is a
 * {@link ShuffleFetchException} naming the endpoint and the map output, so the scheduler can run the map task
 * again; a fetch interrupted because its query was cancelled fails with a plain {@link DaftException} instead.
 * Thread-safe.
 */
public final class ShuffleClient implements AutoCloseable {
    private final Optional<ShuffleStore> local;
    private final BufferAllocator allocator;
    private final Map<ShuffleEndpoint, FlightClient> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A client of the given local store (read without the network), or of remote stores only. */
    public ShuffleClient(Optional<ShuffleStore> local) {
        this.local = requireNonNull(local, "local");
        this.allocator = Memory.allocator().newChildAllocator("shuffle-client", 0, Long.MAX_VALUE);
    }

    /**
     * Streams partition {@code partition} of the map output {@code d} describes, batch by batch, in the order the
     * map task wrote it; the caller closes the iterator (closing early cancels the transfer) and each batch.
     * A remote fetch has the server's first answer before this returns, so a dead or unreachable endpoint, or one
     * that no longer holds the output, fails here.
     *
     * @throws ShuffleFetchException here or while iterating, when the piece cannot be read whole
     */
    public CloseableIterator<RecordBatch> fetch(MapOutputDescriptor d, int partition) {
        requireNonNull(d, "d");
        d.checkPartition(partition);
        if (closed) {
            throw new IllegalStateException("shuffle client closed");
        }
        if (d.rows(partition) == 0) {
            return BatchIterators.empty();
        }
        if (local.isPresent() && local.get().id().equals(d.storeId())) {
            CloseableIterator<RecordBatch> in;
            try {
                in = local.get().open(d.key(), partition);
            } catch (RuntimeException e) {
                throw new ShuffleFetchException(d.endpoint(), d.key(), partition, "local read failed: " + e.getMessage(), e);
            }
            return new Checked(d, partition, in);
        }
        return fetchRemote(d, partition);
    }

    private CloseableIterator<RecordBatch> fetchRemote(MapOutputDescriptor d, int partition) {
        FlightClient client = connections.computeIfAbsent(d.endpoint(), this::connect);
        FlightStream stream = client.getStream(new ShuffleTicket(d.storeId(), d.key(), partition).toTicket());
        try {
            stream.getRoot();   // waits for the schema: the server found the piece and started sending it
        } catch (RuntimeException e) {
            closeQuietly(stream);
            throw failed(d, partition, client, e);
        }
        BufferedBatchIterator batches = new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                try {
                    while (stream.next()) {
                        VectorSchemaRoot root = stream.getRoot();
                        if (root.getRowCount() > 0) {
                            return RecordBatch.fromArrow(root);   // takes the buffers over: the stream reloads its root
                        }
                    }
                    return null;
                } catch (RuntimeException e) {
                    throw failed(d, partition, client, e);
                }
            }

            @Override
            protected void closeSources() {
                closeQuietly(stream);
            }
        };
        return new Checked(d, partition, batches);
    }

    private FlightClient connect(ShuffleEndpoint endpoint) {
        if (closed) {
            throw new IllegalStateException("shuffle client closed");
        }
        return FlightClient.builder(allocator, Location.forGrpcInsecure(endpoint.host(), endpoint.port())).build();
    }

    private RuntimeException failed(MapOutputDescriptor d, int partition, FlightClient client, RuntimeException e) {
        if (e instanceof ShuffleFetchException) {
            return e;
        }
        if (interrupted(e)) {
            // the reducer's query was cancelled: not a lost map output
            Thread.currentThread().interrupt();
            return new DaftException("query cancelled while fetching partition " + partition + " of " + d.key() + " from "
                    + d.endpoint(), e);
        }
        String reason = e.getMessage();
        if (e instanceof FlightRuntimeException fre) {
            FlightStatusCode code = fre.status().code();
            reason = code + (fre.status().description() == null || fre.status().description().isEmpty() ? "" : ": " + fre.status().description());
            if (code == FlightStatusCode.UNAVAILABLE) {
                // the server is gone: drop the connection so a later fetch from that endpoint connects afresh
                // instead of failing in gRPC's reconnect backoff
                drop(d.endpoint(), client);
            }
        }
        return new ShuffleFetchException(d.endpoint(), d.key(), partition, reason, e);
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private void drop(ShuffleEndpoint endpoint, FlightClient client) {
        if (connections.remove(endpoint, client)) {
            // closing waits for the channel's other calls: not on the reducer's thread
            Thread closer = new Thread(() -> closeQuietly(client), "shuffle-client-close-" + endpoint);
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** Open connections (to remote endpoints). */
    int connectionCount() {
        return connections.size();
    }

    /** Closes every connection. Iterators from {@link #fetch} must be closed first. */
    @Override
    public void close() {
        closed = true;
        List<FlightClient> open = new ArrayList<>(connections.values());
        connections.clear();
        open.forEach(ShuffleClient::closeQuietly);
        allocator.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a stream closed early reports its own cancellation; nothing is left to release
        }
    }

    /**
     * Passes a piece's batches, failing with a {@link ShuffleFetchException} when reading fails or ends with
     * fewer or more rows than the map task wrote (a truncated or mixed-up stream must not pass as data).
     */
    private final class Checked extends BufferedBatchIterator {
        private final MapOutputDescriptor d;
        private final int partition;
        private final CloseableIterator<RecordBatch> in;
        private long rows;

        Checked(MapOutputDescriptor d, int partition, CloseableIterator<RecordBatch> in) {
            this.d = d;
            this.partition = partition;
            this.in = in;
        }

        @Override
        protected RecordBatch computeNext() {
            boolean more;
            try {
                more = in.hasNext();
            } catch (RuntimeException e) {
                if (e instanceof ShuffleFetchException || Thread.currentThread().isInterrupted()) {
                    throw e;   // already said, or the query was cancelled
                }
                throw new ShuffleFetchException(d.endpoint(), d.key(), partition, e.getMessage(), e);
            }
            if (!more) {
                if (rows != d.rows(partition)) {
                    throw new ShuffleFetchException(d.endpoint(), d.key(), partition, "got " + rows + " rows, the map task wrote "
                            + d.rows(partition), null);
                }
                return null;
            }
            RecordBatch b = in.next();
            rows += b.rowCount();
            return b;
        }

        @Override
        protected void closeSources() {
            in.close();
        }
    }
}
