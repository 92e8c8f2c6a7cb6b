package io.daft.ops.agg;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.memory.MemoryReservation;
import io.daft.ops.hash.Hashing;
import io.daft.ops.hash.Partitioner;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A {@link HashAggregator} run within a spillable {@link MemoryReservation}, in the way of DuckDB's
 * {@code RadixPartitionedHashTable}. The reservation grows in chunks as groups are added (Arrow part: the key
 * chunks; heap part: the group table and accumulator arrays, plus what emitting them as Arrow columns takes for a
 * moment). Before a large batch goes in, what it will likely add is reserved; if refused, the batch goes in in
 * slices, each checked, so the memory held overshoots the reservation by at most a slice. When it cannot grow:
 * <ul>
 * <li>PARTIAL mode passes the groups' partial states on (the FINAL aggregation after the exchange merges them)
 * and starts over: nothing goes to disk;</li>
 * <li>SINGLE and FINAL modes write the groups' partial states into {@value #FANOUT} spill files by a hash of the
 * group keys (with a seed of their own, independent of the exchange's), and start over. At the end the groups
 * still in memory are spilled the same way, and each file is then aggregated on its own in FINAL mode, one at a
 * time, its result streamed out. A file still too large to aggregate in memory is split again the same way with
 * another seed (recursively, to {@value #MAX_DEPTH} levels).</li>
 * </ul>
 * When nothing spills the output is the single batch {@link HashAggregator#finish} gives, as without a limit.
 * COUNT_DISTINCT spills its groups' sets of distinct values as rows of their own (see {@link AggSpec}), which the
 * FINAL aggregation of a partition merges.
 *
 * <p>When refused while holding little, the pool is full of other memory (batches in flight count too) and
 * spilling would free next to nothing: a table of at most 1/16 of the limit goes on unreserved and retries on the
 * next batch. When spilling cannot help (a global aggregation, or one group) and the table needs more than a quarter
 * of the limit, the query fails with a {@link MemoryLimitExceededException} naming the aggregate.
 *
 * <p>The output iterator owns its input, the spill files and (at the top level) the reservation; closing it, at
 * the end or early (an error, a cancelled query), deletes the files and releases the memory.
 */
public final class SpillingAggregation extends BufferedBatchIterator {
    /** Spill files per level: a partition of the groups per file. */
    static final int FANOUT = 16;
    /** Levels of re-partitioning before giving up (16^6 partitions: only a broken hash would need more). */
    static final int MAX_DEPTH = 6;
    /** Fewest rows added at once when a batch goes in slices. */
    private static final int MIN_SLICE = 256;
    /** Rows per spilled or emitted state batch (before splitting by partition). */
    private static final int SLICE_ROWS = 16_384;
    /** The reservation grows by at least this much (or an eighth of what it holds), not group by group. */
    private static final long MIN_CHUNK = 64 << 10;

    private final CloseableIterator<RecordBatch> input;
    private final Schema inputSchema;
    private final int[] groupColumns;
    private final List<AggSpec> aggs;
    private final AggMode mode;
    private final Schema outputSchema;
    private final Budget budget;
    private final SpillSpace spill;
    private final int depth;
    private final ArrayDeque<RecordBatch> pending = new ArrayDeque<>();
    private HashAggregator agg;
    /** The input batch being added (in slices when memory is short), and how far. */
    private RecordBatch current;
    private int offset;
    private int step;
    private SpillFile[] parts;
    private SpillingAggregation child;
    private boolean consumed;
    private boolean inputClosed;
    private boolean done;
    private int nextPart;

    private SpillingAggregation(CloseableIterator<RecordBatch> input, Schema inputSchema, int[] groupColumns, List<AggSpec> aggs,
                                AggMode mode, Schema outputSchema, Budget budget, SpillSpace spill, int depth) {
        this.input = requireNonNull(input, "input");
        this.inputSchema = requireNonNull(inputSchema, "inputSchema");
        this.groupColumns = groupColumns.clone();
        this.aggs = List.copyOf(aggs);
        this.mode = requireNonNull(mode, "mode");
        this.outputSchema = requireNonNull(outputSchema, "outputSchema");
        this.budget = requireNonNull(budget, "budget");
        this.spill = requireNonNull(spill, "spill");
        this.depth = depth;
    }

    /**
     * The aggregation of {@code input} (batches of {@code inputSchema}; see {@link HashAggregator} for the
     * arguments), streamed, with its columns named as in {@code outputSchema}. The reservation is taken from
     * {@code reservation} on the first pull (so an operator not yet running takes no share of the pool) and
     * closed with the iterator; spill files come from {@code spill}. The iterator owns {@code input}.
     */
    public static CloseableIterator<RecordBatch> open(CloseableIterator<RecordBatch> input, Schema inputSchema, int[] groupColumns,
                                                      List<AggSpec> aggs, AggMode mode, Schema outputSchema,
                                                      Supplier<MemoryReservation> reservation, SpillSpace spill) {
        return new SpillingAggregation(input, inputSchema, groupColumns, aggs, mode, outputSchema, new Budget(reservation), spill, 0);
    }

    @Override
    protected RecordBatch computeNext() {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (done) {
            return null;
        }
        if (!consumed) {
            if (agg == null) {
                agg = new HashAggregator(inputSchema, groupColumns, aggs, mode);
            }
            while (current != null || input.hasNext()) {
                if (current == null) {
                    if (depth > 0 && Thread.currentThread().isInterrupted()) {
                        throw new DaftException("query cancelled during HashAggregate");
                    }
                    current = input.next();
                    offset = 0;
                    // reserve what the batch will likely add before adding it; if refused, add it in slices
                    step = current.rowCount() <= SLICE_ROWS || budget.reserveAhead(agg, current.rowCount())
                            ? current.rowCount() : SLICE_ROWS;
                }
                int rows = current.rowCount();
                int n = Math.min(step == rows ? rows : budget.rowsThatFit(agg), rows - offset);
                if (n == rows) {
                    agg.add(current);
                } else if (n > 0) {
                    try (RecordBatch slice = current.slice(offset, n)) {
                        agg.add(slice);
                    }
                }
                offset += n;
                if (offset >= rows) {
                    current.close();
                    current = null;
                }
                if (!budget.fit(agg)) {
                    relieve();
                    if (!pending.isEmpty()) {
                        return pending.poll();
                    }
                }
            }
            consumed = true;
            closeInput();
            if (parts == null) {
                RecordBatch out = agg.finish();
                closeAggregator();
                finished();
                return named(out);
            }
            spillGroups();
            closeAggregator();
            for (SpillFile f : parts) {
                f.finish();
            }
        }
        while (nextPart < FANOUT) {
            if (child == null) {
                SpillFile f = parts[nextPart];
                if (f.rows() == 0) {
                    f.delete();
                    nextPart++;
                    continue;
                }
                int[] keys = new int[groupColumns.length];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = i;
                }
                child = new SpillingAggregation(f.read(), f.schema(), keys, aggs, AggMode.FINAL, outputSchema, budget, spill, depth + 1);
            }
            if (child.hasNext()) {
                return named(child.next());
            }
            child.close();
            child = null;
            parts[nextPart].delete();
            nextPart++;
        }
        finished();
        return null;
    }

    /** All output made: the top level gives its reservation back now, not when the consumer closes the iterator. */
    private void finished() {
        done = true;
        if (depth == 0) {
            budget.close();
        }
    }

    /** The reservation could not grow for the groups held: pass them on (PARTIAL) or spill them. */
    private void relieve() {
        if (budget.small(agg)) {
            // the pool is full of other memory (batches in flight count too): spilling a table this small frees
            // next to nothing, so go on and hold it unreserved (at most 1/16 of the limit), retrying on the next batch
            return;
        }
        if (mode == AggMode.PARTIAL && groupColumns.length > 0) {
            agg.drainState(SLICE_ROWS, b -> pending.add(named(b)));
            budget.fit(agg);
            return;
        }
        if (groupColumns.length == 0 || agg.groupCount() <= 1) {
            if (budget.share(agg) <= 0.25) {
                // one group, but the pool is full of other memory: go on unreserved (at most 1/4 of the limit)
                return;
            }
            throw budget.cannotSpill(agg, (groupColumns.length == 0 ? "the aggregation has one group" : "one group")
                    + " and its " + agg.largestHolder() + " alone needs more");
        }
        if (depth >= MAX_DEPTH) {
            throw budget.cannotSpill(agg, "its groups still do not fit after " + MAX_DEPTH + " levels of partitioning");
        }
        spillGroups();
        budget.fit(agg);
    }

    /** Writes the groups held to the spill files, by partition, and empties the aggregator. */
    private void spillGroups() {
        if (parts == null) {
            parts = new SpillFile[FANOUT];
            for (int i = 0; i < FANOUT; i++) {
                parts[i] = spill.newFile(agg.stateSchema(), "agg-" + depth + "-" + i);
            }
        }
        int[] keys = new int[groupColumns.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        long seed = Hashing.SEED + 0x9E3779B97F4A7C15L * (depth + 1);
        agg.drainState(SLICE_ROWS, state -> {
            try (state) {
                RecordBatch[] split = Partitioner.partitionByHash(state, keys, FANOUT, seed);
                try {
                    for (int p = 0; p < FANOUT; p++) {
                        parts[p].append(split[p]);
                    }
                } finally {
                    for (RecordBatch b : split) {
                        b.close();
                    }
                }
            }
        });
    }

    private RecordBatch named(RecordBatch b) {
        if (depth > 0 || b.schema().names().equals(outputSchema.names())) {
            return b;
        }
        try (b) {
            return b.withSchema(outputSchema);
        }
    }

    /** Closes the input as soon as it is drained, so what it reads from is released before the output streams. */
    private void closeInput() {
        if (!inputClosed) {
            inputClosed = true;
            input.close();
        }
    }

    private void closeAggregator() {
        if (agg != null) {
            agg.close();
            agg = null;
        }
        budget.release();
    }

    @Override
    protected void closeSources() {
        try {
            if (child != null) {
                child.close();
            }
        } finally {
            try {
                closeInput();
            } finally {
                try {
                    if (current != null) {
                        current.close();
                        current = null;
                    }
                    while (!pending.isEmpty()) {
                        pending.poll().close();
                    }
                    if (agg != null) {
                        agg.close();
                        agg = null;
                    }
                    if (parts != null) {
                        for (SpillFile f : parts) {
                            f.delete();
                        }
                    }
                } finally {
                    if (depth == 0) {
                        budget.close();
                    }
                }
            }
        }
    }

    /** What the aggregation reserved, shared by the levels (one runs at a time); the reservation is taken lazily. */
    private static final class Budget implements AutoCloseable {
        private final Supplier<MemoryReservation> supplier;
        private MemoryReservation reservation;
        private long arrow;
        private long heap;
        private long refusedBytes;
        private boolean refusedHeap;

        Budget(Supplier<MemoryReservation> supplier) {
            this.supplier = requireNonNull(supplier, "reservation");
        }

        private MemoryReservation reservation() {
            if (reservation == null) {
                reservation = requireNonNull(supplier.get(), "reservation");
            }
            return reservation;
        }

        /**
         * Makes the reservation cover what {@code agg} holds (and needs to emit its state), growing with a chunk of
         * slack, or shrinking after it was emptied; false when the pool refused.
         */
        boolean fit(HashAggregator agg) {
            long needArrow = agg.arrowSizeBytes();
            long needHeap = agg.heapSizeBytes() + agg.emitBytes();
            if (needArrow <= arrow && needHeap <= heap) {
                long slack = slack(needArrow + needHeap);
                if (arrow > needArrow + 2 * slack || heap > needHeap + 2 * slack) {
                    // emptied by a spill, or a reservation ahead of a batch that added less: give the rest back
                    resize(Math.min(arrow, needArrow + slack), Math.min(heap, needHeap + slack));
                }
                return true;
            }
            return reserve(needArrow, needHeap);
        }

        /**
         * Reserves what adding {@code rows} more rows will likely take (at the rate bytes grew per row so far)
         * before they are added; false when the pool refused, and the caller adds them in slices.
         */
        boolean reserveAhead(HashAggregator agg, int rows) {
            long needArrow = agg.arrowSizeBytes();
            long needHeap = agg.heapSizeBytes() + agg.emitBytes();
            long added = agg.rowsAdded();
            // a fresh aggregator: assume every row is a new group of ~64 bytes until it has seen some rows
            double perRow = added < SLICE_ROWS ? 64 : (double) (needArrow + needHeap) / added;
            long ahead = (long) Math.ceil(perRow * rows);
            return reserve(needArrow + ahead / 4, needHeap + ahead - ahead / 4);
        }

        /** Whether what {@code agg} needs is at most 1/16 of the limit: too little for spilling to help. */
        boolean small(HashAggregator agg) {
            return share(agg) <= 1.0 / 16;
        }

        /** What {@code agg} needs as a fraction of the limit. */
        double share(HashAggregator agg) {
            long need = agg.arrowSizeBytes() + agg.heapSizeBytes() + agg.emitBytes();
            return (double) need / reservation().poolLimit();
        }

        /** How many rows of a batch to add next when it goes in slices: what the headroom held likely takes. */
        int rowsThatFit(HashAggregator agg) {
            long need = agg.arrowSizeBytes() + agg.heapSizeBytes() + agg.emitBytes();
            long added = agg.rowsAdded();
            double perRow = added < MIN_SLICE ? 64 : (double) need / added;
            long headroom = Math.max(0, arrow + heap - need);
            return (int) Math.max(MIN_SLICE, Math.min(SLICE_ROWS, headroom / Math.max(1.0, perRow)));
        }

        private static long slack(long need) {
            return Math.max(MIN_CHUNK, need / 8);
        }

        /** Grows to the need plus slack if the pool allows, else to the need exactly. */
        private boolean reserve(long needArrow, long needHeap) {
            long slack = slack(needArrow + needHeap);
            if (resize(Math.max(arrow, needArrow + (needArrow > arrow ? slack : 0)), Math.max(heap, needHeap + (needHeap > heap ? slack : 0)))) {
                return true;
            }
            return resize(needArrow, needHeap);
        }

        /** Sets both parts (shrinking first, so one part's slack does not crowd out the other's growth). */
        private boolean resize(long toArrow, long toHeap) {
            MemoryReservation r = reservation();
            if (toArrow < arrow && r.tryResize(toArrow)) {
                arrow = toArrow;
            }
            if (toHeap < heap && r.tryResizeHeap(toHeap)) {
                heap = toHeap;
            }
            if (toArrow > arrow) {
                if (!r.tryResize(toArrow)) {
                    refusedBytes = toArrow - arrow;
                    refusedHeap = false;
                    return false;
                }
                arrow = toArrow;
            }
            if (toHeap > heap) {
                if (!r.tryResizeHeap(toHeap)) {
                    refusedBytes = toHeap - heap;
                    refusedHeap = true;
                    return false;
                }
                heap = toHeap;
            }
            return true;
        }

        /** The error for a refusal spilling cannot relieve, naming the operator, its reservation, the limit and why. */
        MemoryLimitExceededException cannotSpill(HashAggregator agg, String why) {
            return new MemoryLimitExceededException("HashAggregate " + agg.describeAggregates() + " cannot spill: " + why + "; "
                    + reservation().refusal(refusedBytes, refusedHeap));
        }

        void release() {
            if (reservation != null) {
                reservation.free();
            }
            arrow = 0;
            heap = 0;
        }

        @Override
        public void close() {
            if (reservation != null) {
                reservation.close();
            }
        }
    }
}
