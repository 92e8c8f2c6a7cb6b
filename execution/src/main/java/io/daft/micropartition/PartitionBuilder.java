package io.daft.micropartition;

import io.daft.core.Schema;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Collects the batches of one output partition (of an exchange) from several producers at once. Batches are
 * held under the exchange's spillable reservation (shared by all its partitions); when it cannot grow, the batches
 * this partition holds move to a spill file, and so do later ones until memory is granted again. So exchanges
 * larger than memory complete.
 */
public final class PartitionBuilder {
    private final Schema schema;
    private final MemoryReservation reservation;
    private final MemoryPool pool;
    private final SpillSpace spillSpace;
    private final String what;
    private final List<RecordBatch> inMemory = new ArrayList<>();
    private long inMemoryBytes;
    private SpillFile spill;
    private boolean built;

    /**
     * A partition whose batches are counted in {@code reservation} (spillable, shared with the other partitions of
     * the exchange) while collected, and in a reservation of their own from {@code pool} once built.
     */
    public PartitionBuilder(Schema schema, MemoryReservation reservation, MemoryPool pool, SpillSpace spillSpace, String what) {
        this.schema = requireNonNull(schema, "schema");
        this.reservation = requireNonNull(reservation, "reservation");
        this.pool = requireNonNull(pool, "pool");
        this.spillSpace = requireNonNull(spillSpace, "spillSpace");
        this.what = requireNonNull(what, "what");
    }

    /** Takes ownership of {@code batch}. */
    public synchronized void add(RecordBatch batch) {
        if (built) {
            batch.close();
            throw new IllegalStateException("partition already built");
        }
        if (batch.rowCount() == 0) {
            batch.close();
            return;
        }
        long size = batch.sizeBytes();
        if (reservation.tryGrow(size)) {
            inMemory.add(batch);
            inMemoryBytes += size;
            return;
        }
        try (batch) {
            moveToDisk();
            reservation.shrink(inMemoryBytes);
            inMemoryBytes = 0;
            spill.append(batch);
        }
    }

    /** Appends the batches held in memory to the spill file (made on first use) and lets them go. */
    private void moveToDisk() {
        if (spill == null) {
            spill = spillSpace.newFile(schema, what);
        }
        for (RecordBatch b : inMemory) {
            try (b) {
                spill.append(b);
            }
        }
        inMemory.clear();
    }

    /**
     * The collected partition. Its in-memory batches move to a reservation of their own (released when the
     * partition is closed), or to disk when the pool refuses it.
     */
    public synchronized MicroPartition build() {
        built = true;
        reservation.shrink(inMemoryBytes);
        MemoryReservation held = pool.register(what + " (materialized)", false);
        if (!held.tryGrow(inMemoryBytes)) {
            held.close();
            held = null;
            if (!inMemory.isEmpty()) {
                moveToDisk();
            }
        }
        inMemoryBytes = 0;
        if (spill != null) {
            spill.finish();
        }
        return new MicroPartition(schema, new ArrayList<>(inMemory), spill, held);
    }

    /** Releases everything collected (a failed exchange). */
    public synchronized void discard() {
        built = true;
        inMemory.forEach(RecordBatch::close);
        inMemory.clear();
        reservation.shrink(inMemoryBytes);
        inMemoryBytes = 0;
        if (spill != null) {
            spill.delete();
        }
    }
}
