package io.daft.ops.sort;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * ORDER BY of one partition within a memory limit: an external merge sort. Batches are collected under a
 * spillable {@link MemoryReservation} (their Arrow bytes plus the heap their sort keys will take). When it cannot
 * grow, what is held is sorted into a run (each batch sorted, then merged with {@link SortedMerge#stream}) and
 * written to a {@link SpillFile} in moderate batches, and collecting goes on. At the end:
 * <ul>
 *   <li>nothing spilled: the held batches are concatenated and sorted at once, as {@link Sorter} does (the fast
 *       path), then handed out in batches of {@code outputRows};</li>
 *   <li>otherwise the runs are k-way merged, the batches still in memory joining as further runs, streaming
 *       batches and holding one batch per run; when the runs' batches do not fit in memory together, groups of
 *       runs are first merged into longer runs (several passes).</li>
 * </ul>
 * Stable: runs are in input order and the merge gives ties to the earlier run, so equal keys keep their input
 * order; NULL and NaN order as in {@link Sorter}. Not thread-safe.
 */
public final class ExternalSort implements AutoCloseable {
    /** Heap bytes per row to sort: key offsets, prefixes and the merge sort's index and prefix copies. */
    private static final long HEAP_BYTES_PER_ROW = 64;
    private static final long MIN_BATCH_BYTES = 64 << 10;
    private static final long MAX_RUN_BATCH_BYTES = 16 << 20;
    private static final int MIN_BATCH_ROWS = 64;

    private final Schema schema;
    private final int[] keyCols;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final MemoryReservation reservation;
    private final SpillSpace spillSpace;
    private final int outputRows;
    private final String what;
    private final long keepRows;
    private final List<RecordBatch> held = new ArrayList<>();
    private final List<SpillFile> runs = new ArrayList<>();
    private long heldBytes;
    /** Largest batch (bytes, rows) written to any run: what the merge holds per run. */
    private long runBatchBytes;
    private long runBatchRows;
    private long totalBytes;
    private long totalRows;
    private boolean finished;
    private boolean closed;

    /**
     * @param reservation spillable; this sort owns it and closes it
     * @param outputRows  rows per output batch ({@code default_morsel_size})
     * @param what        the operator as users see it, for spill file names and errors
     * @param keepRows    only the first {@code keepRows} rows of the result are wanted (ORDER BY ... LIMIT), so runs
     *                    are cut there; {@code Long.MAX_VALUE} for all
     */
    public ExternalSort(Schema schema, int[] keyCols, boolean[] descending, boolean[] nullsFirst, MemoryReservation reservation,
                        SpillSpace spillSpace, int outputRows, String what, long keepRows) {
        this.schema = requireNonNull(schema, "schema");
        this.keyCols = keyCols.clone();
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
        this.reservation = requireNonNull(reservation, "reservation");
        this.spillSpace = requireNonNull(spillSpace, "spillSpace");
        this.outputRows = Math.max(1, outputRows);
        this.what = requireNonNull(what, "what");
        if (keepRows < 0) {
            throw new IllegalArgumentException("negative row count " + keepRows);
        }
        this.keepRows = keepRows;
    }

    /**
     * The sorted rows of {@code input} (owned from here on): the input is drained on the first pull, then the
     * result streams. Closing the iterator closes the input and this sort.
     */
    public CloseableIterator<RecordBatch> sorted(CloseableIterator<RecordBatch> input) {
        return new BufferedBatchIterator() {
            private CloseableIterator<RecordBatch> output;

            @Override
            protected RecordBatch computeNext() {
                if (output == null) {
                    while (input.hasNext()) {
                        add(input.next());
                    }
                    input.close(); // let the sources go before the output streams
                    output = finish();
                }
                return output.hasNext() ? output.next() : null;
            }

            @Override
            protected void closeSources() {
                try {
                    input.close();
                    if (output != null) {
                        output.close();
                    }
                } finally {
                    ExternalSort.this.close();
                }
            }
        };
    }

    /** Sorted runs written to disk so far. */
    public int spilledRuns() {
        return runs.size();
    }

    /** Takes ownership of {@code batch}. */
    public void add(RecordBatch batch) {
        if (finished) {
            batch.close();
            throw new IllegalStateException("sort already finished");
        }
        if (batch.rowCount() == 0) {
            batch.close();
            return;
        }
        try {
            collect(batch);
        } catch (RuntimeException | Error e) {
            batch.close();
            throw e;
        }
    }

    private void collect(RecordBatch batch) {
        long bytes = batch.sizeBytes();
        long heap = heapBytes(batch);
        totalBytes += bytes;
        totalRows += batch.rowCount();
        if (!reservation.tryGrow(bytes, heap)) {
            spillHeld();
            if (!reservation.tryGrow(bytes, heap)) {
                // the batch alone is larger than this sort's share: it is a run of its own
                RecordBatch sorted = sortOne(batch);
                batch.close();
                writeRun(List.of(single(sorted)));
                return;
            }
        }
        held.add(batch);
        heldBytes += bytes;
    }

    /**
     * The sorted rows, in batches of at most {@code outputRows} rows; the iterator belongs to the caller, and this
     * sort must stay open until it is consumed (closing the sort ends it too).
     */
    public CloseableIterator<RecordBatch> finish() {
        if (finished) {
            throw new IllegalStateException("sort already finished");
        }
        finished = true;
        if (runs.isEmpty() && held.size() <= 1) {
            return inMemory(false);
        }
        if (runs.isEmpty() && reservation.tryGrow(heldBytes)) {
            return inMemory(true);
        }
        return merged();
    }

    /**
     * The fast path: one concatenation (reserved by the caller when {@code concatReserved}), one sort of the whole
     * partition, output taken in slices of the order.
     */
    private CloseableIterator<RecordBatch> inMemory(boolean concatReserved) {
        RecordBatch all;
        try {
            all = RecordBatch.concat(schema, held);
        } finally {
            held.forEach(RecordBatch::close);
            held.clear();
        }
        if (concatReserved) {
            reservation.shrink(heldBytes); // the concatenation replaced the batches
        }
        int n = all.rowCount();
        int[] perm;
        try {
            perm = new SortKeys(all, keyCols, descending, nullsFirst).sortedIndices(n);
            reservation.tryResizeHeap(4L * n); // the keys are gone; the order stays
        } catch (RuntimeException | Error e) {
            all.close();
            throw e;
        }
        return new BufferedBatchIterator() {
            private int at;

            @Override
            protected RecordBatch computeNext() {
                if (at >= n) {
                    return null;
                }
                int len = Math.min(outputRows, n - at);
                RecordBatch out = at == 0 && len == n ? all.take(perm, n) : all.take(Arrays.copyOfRange(perm, at, at + len), len);
                at += len;
                return out;
            }

            @Override
            protected void closeSources() {
                all.close();
            }
        };
    }

    /** Merges the spilled runs and the batches still held, passes first when they do not fit together. */
    private CloseableIterator<RecordBatch> merged() {
        long avgRow = Math.max(1, totalBytes / Math.max(1, totalRows));
        int outRows = rowsFor(outputBatchBytes(), avgRow, outputRows);
        long outArrow = 2L * outRows * avgRow; // the pieces of an output batch and the batch
        long outHeap = 8L * outRows;
        if (!fitsMerge(runs.size(), outArrow, outHeap)) {
            spillHeld();
            reduceRuns(outArrow, outHeap);
        }
        sortHeld();
        List<CloseableIterator<RecordBatch>> sources = new ArrayList<>(runs.size() + held.size());
        for (SpillFile run : runs) {
            sources.add(run.read());
        }
        for (RecordBatch b : held) {
            sources.add(single(b));
        }
        held.clear(); // the merge owns them now; their reservation stays until the sort is closed
        heldBytes = 0;
        return SortedMerge.stream(sources, schema, keyCols, descending, nullsFirst, outRows);
    }

    /** Whether the merge buffers of {@code spilled} runs plus the output fit besides what is held; reserves them. */
    private boolean fitsMerge(int spilled, long outArrow, long outHeap) {
        long perRunHeap = runBatchRows * HEAP_BYTES_PER_ROW / 2 + runBatchBytes / 4;
        return reservation.tryGrow(outArrow + spilled * runBatchBytes, outHeap + spilled * perRunHeap);
    }

    /**
     * With nothing held in memory: merges consecutive groups of runs into longer runs until one merge holding a
     * batch of every run fits in the reservation.
     */
    private void reduceRuns(long outArrow, long outHeap) {
        while (true) {
            reservation.free();
            long perRunHeap = runBatchRows * HEAP_BYTES_PER_ROW / 2 + runBatchBytes / 4;
            // the minimum working set (the output batch and a batch of two runs) is held even when refused, as an
            // exchange writes the batch it was handed: the merge must progress, and these batches are small
            reservation.tryGrow(outArrow, outHeap);
            int fanIn = 0;
            while (fanIn < runs.size() && reservation.tryGrow(runBatchBytes, perRunHeap)) {
                fanIn++;
            }
            fanIn = Math.max(2, fanIn);
            if (fanIn >= runs.size()) {
                return;
            }
            List<SpillFile> merged = new ArrayList<>();
            try {
                mergePass(fanIn, merged);
            } catch (RuntimeException | Error e) {
                runs.addAll(merged); // deleted when the sort is closed
                throw e;
            }
            runs.clear();
            runs.addAll(merged);
        }
    }

    /** Merges each group of {@code fanIn} consecutive runs into one run, appended to {@code merged}. */
    private void mergePass(int fanIn, List<SpillFile> merged) {
        for (int from = 0; from < runs.size(); from += fanIn) {
            List<SpillFile> group = runs.subList(from, Math.min(runs.size(), from + fanIn));
            if (group.size() == 1) {
                merged.add(group.get(0));
                continue;
            }
            List<CloseableIterator<RecordBatch>> sources = new ArrayList<>(group.size());
            for (SpillFile run : group) {
                sources.add(run.read());
            }
            int rows = (int) Math.max(MIN_BATCH_ROWS, runBatchRows);
            try (CloseableIterator<RecordBatch> it = SortedMerge.stream(sources, schema, keyCols, descending, nullsFirst, rows)) {
                SpillFile out = spillSpace.newFile(schema, what + " merged run");
                merged.add(out);
                copyRun(it, out);
            }
            group.forEach(SpillFile::delete);
        }
    }

    /** Sorts what is held into a run on disk and lets it go. */
    private void spillHeld() {
        if (held.isEmpty()) {
            return;
        }
        sortHeld();
        List<CloseableIterator<RecordBatch>> sources = new ArrayList<>(held.size());
        for (RecordBatch b : held) {
            sources.add(single(b));
        }
        held.clear();
        heldBytes = 0;
        try {
            writeRun(sources);
        } finally {
            reservation.free();
        }
    }

    /** Sorts each held batch on its own (each becomes a sorted run for the merge). */
    private void sortHeld() {
        for (int i = 0; i < held.size(); i++) {
            RecordBatch b = held.get(i);
            RecordBatch sorted = sortOne(b);
            held.set(i, sorted);
            b.close();
        }
    }

    private RecordBatch sortOne(RecordBatch b) {
        return Sorter.sortBatch(b, keyCols, descending, nullsFirst);
    }

    /** Merges sorted sources (owned from here on) into a new run on disk, in moderate batches. */
    private void writeRun(List<CloseableIterator<RecordBatch>> sources) {
        long avgRow = Math.max(1, totalBytes / Math.max(1, totalRows));
        int rows = rowsFor(Math.min(MAX_RUN_BATCH_BYTES, Math.max(MIN_BATCH_BYTES, budget() / 32)), avgRow, outputRows);
        try (CloseableIterator<RecordBatch> it = SortedMerge.stream(sources, schema, keyCols, descending, nullsFirst, rows)) {
            SpillFile run = spillSpace.newFile(schema, what + " run");
            runs.add(run);
            copyRun(it, run);
        }
    }

    /** Writes the merged batches to {@code run}, the first {@code keepRows} rows only, and finishes it. */
    private void copyRun(CloseableIterator<RecordBatch> merged, SpillFile run) {
        long rows = 0;
        while (rows < keepRows && merged.hasNext()) {
            checkCancelled();
            try (RecordBatch b = merged.next()) {
                int n = (int) Math.min(b.rowCount(), keepRows - rows);
                try (RecordBatch cut = b.slice(0, n)) {
                    run.append(cut);
                }
                rows += n;
                runBatchBytes = Math.max(runBatchBytes, b.sizeBytes());
                runBatchRows = Math.max(runBatchRows, b.rowCount());
            }
        }
        run.finish();
    }

    /** What this sort managed to hold at most: its share of the memory limit, as far as it has seen it. */
    private long budget() {
        return Math.max(MIN_BATCH_BYTES, reservation.peak());
    }

    private long outputBatchBytes() {
        return Math.max(MIN_BATCH_BYTES, budget() / 8);
    }

    private static int rowsFor(long bytes, long avgRow, int maxRows) {
        return (int) Math.max(Math.min(MIN_BATCH_ROWS, maxRows), Math.min(maxRows, bytes / avgRow));
    }

    /** Heap the batch's sort keys take when sorted: per-row arrays plus the encoded key bytes. */
    private long heapBytes(RecordBatch batch) {
        long keyBytes = 0;
        for (int c : keyCols) {
            keyBytes += Vectors.sizeBytes(batch.column(c));
        }
        return batch.rowCount() * HEAP_BYTES_PER_ROW + keyBytes + keyBytes / 4;
    }

    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new DaftException("query cancelled while sorting");
        }
    }

    /** Releases what is held, deletes the runs and closes the reservation; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        finished = true;
        held.forEach(RecordBatch::close);
        held.clear();
        for (SpillFile run : runs) {
            run.delete();
        }
        runs.clear();
        reservation.close();
    }

    /** A run of one sorted batch (owned by the iterator). */
    private static CloseableIterator<RecordBatch> single(RecordBatch b) {
        return new BufferedBatchIterator() {
            private RecordBatch pending = b;

            @Override
            protected RecordBatch computeNext() {
                RecordBatch out = pending;
                pending = null;
                return out;
            }

            @Override
            protected void closeSources() {
                if (pending != null) {
                    pending.close();
                    pending = null;
                }
            }
        };
    }
}
