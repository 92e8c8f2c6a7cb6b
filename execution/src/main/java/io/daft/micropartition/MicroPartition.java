package io.daft.micropartition;

import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A materialized partition: record batches of one schema, as Daft's {@code MicroPartition}. Immutable; readers
 * get their own shared handles via {@link #batches()} copies. The batches' Arrow memory is released when the
 * partition is closed or, for partitions held by user DataFrames, when it becomes unreachable.
 */
public final class MicroPartition implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Schema schema;
    private final State state;
    private final Cleaner.Cleanable cleanable;
    private final long rowCount;
    private final long sizeBytes;

    /** Takes ownership of {@code batches}. */
    public MicroPartition(Schema schema, List<RecordBatch> batches) {
        this.schema = requireNonNull(schema, "schema");
        List<RecordBatch> kept = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (RecordBatch b : batches) {
            if (b.rowCount() == 0) {
                b.close();
                continue;
            }
            rows += b.rowCount();
            bytes += b.sizeBytes();
            kept.add(b);
        }
        this.state = new State(List.copyOf(kept));
        this.cleanable = CLEANER.register(this, state);
        this.rowCount = rows;
        this.sizeBytes = bytes;
    }

    public static MicroPartition empty(Schema schema) {
        return new MicroPartition(schema, List.of());
    }

    public Schema schema() {
        return schema;
    }

    public long rowCount() {
        return rowCount;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** New handles on the batches (shared buffers); the caller closes each. */
    public List<RecordBatch> batches() {
        List<RecordBatch> out = new ArrayList<>(state.batches.size());
        synchronized (state) {
            if (state.closed) {
                throw new IllegalStateException("partition already released");
            }
            for (RecordBatch b : state.batches) {
                out.add(b.share());
            }
        }
        return out;
    }

    public int numBatches() {
        return state.batches.size();
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** Held apart from the partition so the cleaner does not keep the partition reachable. */
    private static final class State implements Runnable {
        final List<RecordBatch> batches;
        boolean closed;

        State(List<RecordBatch> batches) {
            this.batches = batches;
        }

        @Override
        public synchronized void run() {
            if (!closed) {
                closed = true;
                for (RecordBatch b : batches) {
                    b.close();
                }
            }
        }
    }
}
