package io.daft.micropartition;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A materialized partition: record batches of one schema, as Daft's {@code MicroPartition}, held in memory or
 * partly spilled to a local file. Immutable; readers get their own handles ({@link #stream()}). The memory and
 * the spill file are released when the partition is closed or, for partitions held by user DataFrames, when it
 * becomes unreachable.
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
        this(schema, batches, null, null);
    }

    /** Takes ownership of the batches, the spill file and the reservation (either may be null), released on close. */
    MicroPartition(Schema schema, List<RecordBatch> batches, SpillFile spilled, MemoryReservation reservation) {
        this.schema = requireNonNull(schema, "schema");
        List<RecordBatch> kept = new ArrayList<>();
        long rows = spilled == null ? 0 : spilled.rows();
        long bytes = spilled == null ? 0 : spilled.bytes();
        for (RecordBatch b : batches) {
            if (b.rowCount() == 0) {
                b.close();
                continue;
            }
            rows += b.rowCount();
            bytes += b.sizeBytes();
            kept.add(b);
        }
        this.state = new State(List.copyOf(kept), spilled, reservation);
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

    /** In-memory size of all rows, spilled ones included. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Whether some rows wait on disk. */
    public boolean isSpilled() {
        return state.spilled != null;
    }

    /**
     * The rows, batch by batch, in the order they were added: spilled batches (always the earlier ones) read
     * back from disk, then the in-memory ones, shared.
     */
    public CloseableIterator<RecordBatch> stream() {
        List<RecordBatch> inMemory = shareInMemory();
        Iterator<RecordBatch> it = inMemory.iterator();
        Supplier<CloseableIterator<RecordBatch>> spilled = () -> state.spilled.read();
        return new io.daft.recordbatch.BufferedBatchIterator() {
            private CloseableIterator<RecordBatch> fromDisk;

            private boolean diskDone = state.spilled == null;

            @Override
            protected RecordBatch computeNext() {
                if (!diskDone) {
                    if (fromDisk == null) {
                        fromDisk = spilled.get();
                    }
                    if (fromDisk.hasNext()) {
                        return fromDisk.next();
                    }
                    diskDone = true;
                }
                return it.hasNext() ? it.next() : null;
            }

            @Override
            protected void closeSources() {
                while (it.hasNext()) {
                    it.next().close();
                }
                if (fromDisk != null) {
                    fromDisk.close();
                }
            }
        };
    }

    /** All batches at once (spilled ones loaded); the caller closes each. For small partitions. */
    public List<RecordBatch> batches() {
        List<RecordBatch> out = new ArrayList<>();
        try (CloseableIterator<RecordBatch> it = stream()) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    private List<RecordBatch> shareInMemory() {
        synchronized (state) {
            if (state.closed) {
                throw new IllegalStateException("partition already released");
            }
            List<RecordBatch> out = new ArrayList<>(state.batches.size());
            for (RecordBatch b : state.batches) {
                out.add(b.share());
            }
            return out;
        }
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** Held apart from the partition so the cleaner does not keep the partition reachable. */
    private static final class State implements Runnable {
        final List<RecordBatch> batches;
        final SpillFile spilled;
        final MemoryReservation reservation;
        boolean closed;

        State(List<RecordBatch> batches, SpillFile spilled, MemoryReservation reservation) {
            this.batches = batches;
            this.spilled = spilled;
            this.reservation = reservation;
        }

        @Override
        public synchronized void run() {
            if (!closed) {
                closed = true;
                for (RecordBatch b : batches) {
                    b.close();
                }
                if (spilled != null) {
                    spilled.delete();
                }
                if (reservation != null) {
                    reservation.close();
                }
            }
        }
    }
}
