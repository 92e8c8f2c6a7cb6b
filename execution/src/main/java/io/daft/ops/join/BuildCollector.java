package io.daft.ops.join;

import io.daft.core.DaftException;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Collects the build side of a hash join, from one or several producers (the partitions of a broadcast side) at
 * once, under a spillable reservation. While the reservation grows, batches stay in memory and {@link #finish}
 * builds the hash table from them as an in-memory join always did (in input order, partition by partition). When
 * it cannot grow (for the batches, or for the copy and heap arrays the table needs), every batch goes to
 * {@link JoinBuckets#FANOUT} hash-bucket spill files instead, and so do all later ones: the join then runs bucket
 * by bucket ({@link JoinBuild#join}). Thread-safe.
 */
public final class BuildCollector {
    private final JoinSpec spec;
    private final MemoryPool pool;
    private final SpillSpace space;
    private final MemoryReservation reservation;
    private final List<List<RecordBatch>> inMemory = new ArrayList<>();
    private long inMemoryBytes;
    private SpillFile[] buckets;
    private boolean done;

    /** A collector for {@code producers} producers, numbered from 0; the table lists their rows in that order. */
    public BuildCollector(JoinSpec spec, int producers, MemoryPool pool, SpillSpace space) {
        this.spec = requireNonNull(spec, "spec");
        this.pool = requireNonNull(pool, "pool");
        this.space = requireNonNull(space, "space");
        for (int i = 0; i < producers; i++) {
            inMemory.add(new ArrayList<>());
        }
        this.reservation = pool.register(spec.name(), true);
    }

    /** Adds a batch of producer {@code producer}; takes ownership of it. */
    public synchronized void add(int producer, RecordBatch batch) {
        boolean kept = false;
        try {
            if (done) {
                throw new IllegalStateException("build side of " + spec.name() + " already collected");
            }
            if (batch.rowCount() == 0) {
                return;
            }
            if (buckets == null) {
                long size = batch.sizeBytes();
                if (reservation.tryGrow(size)) {
                    inMemory.get(producer).add(batch);
                    kept = true;
                    inMemoryBytes += size;
                    return;
                }
                spillAll();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new DaftException("query cancelled while spilling the build side of " + spec.name());
            }
            JoinBuckets.append(buckets, batch, spec.buildKeys(), JoinBuckets.seed(0));
        } finally {
            if (!kept) {
                batch.close();
            }
        }
    }

    /** Moves everything held in memory to the bucket files (made here). */
    private void spillAll() {
        if (buckets == null) {
            buckets = JoinBuckets.create(space, spec.buildSchema(), JoinBuckets.FANOUT, "join-build");
        }
        for (List<RecordBatch> batches : inMemory) {
            for (RecordBatch b : batches) {
                try (b) {
                    JoinBuckets.append(buckets, b, spec.buildKeys(), JoinBuckets.seed(0));
                }
            }
            batches.clear();
        }
        reservation.free();
        inMemoryBytes = 0;
    }

    /**
     * The collected build side: a hash table held under this collector's reservation when it fits (the batches,
     * their concatenated copy for a moment, and the table's heap arrays), else the bucket files.
     */
    public synchronized JoinBuild finish() {
        if (done) {
            throw new IllegalStateException("build side of " + spec.name() + " already collected");
        }
        done = true;
        try {
            if (buckets == null) {
                List<RecordBatch> all = new ArrayList<>();
                inMemory.forEach(all::addAll);
                // concat copies unless there is one batch; the inputs are closed once the table is built
                long copy = all.size() > 1 ? inMemoryBytes : 0;
                long heap = JoinHashTable.estimateHeapBytes(all, spec.buildKeys());
                if (reservation.tryGrow(copy)) {
                    if (reservation.tryGrowHeap(heap)) {
                        JoinHashTable table;
                        try {
                            table = spec.buildTable(all);
                        } finally {
                            all.forEach(RecordBatch::close);
                            inMemory.forEach(List::clear);
                        }
                        reservation.shrink(copy);
                        return JoinBuild.inMemory(spec, table, reservation);
                    }
                    reservation.shrink(copy);
                }
                spillAll();
            }
            JoinBuckets.finish(buckets);
            reservation.close();
            JoinBuild build = JoinBuild.spilled(spec, List.of(buckets), pool, space);
            buckets = null;
            return build;
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Releases everything collected (a failed build). */
    public synchronized void discard() {
        done = true;
        for (List<RecordBatch> batches : inMemory) {
            batches.forEach(RecordBatch::close);
            batches.clear();
        }
        JoinBuckets.delete(buckets);
        buckets = null;
        reservation.close();
    }
}
