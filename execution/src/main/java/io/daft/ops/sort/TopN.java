package io.daft.ops.sort;

import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Streaming ORDER BY ... LIMIT n OFFSET m: keeps at most the best {@code n + m} rows seen so far. Incoming
 * batches are buffered until they hold about as many rows as are kept (at least 4096), then the kept rows and
 * the buffer are sorted together and cut back to {@code n + m}, so the work is O(rows log(n + m)) and memory
 * O(n + m + batch). Stable: among equal keys, earlier rows win. What it holds (kept rows, the buffer, and the
 * sorted copy while compacting) is counted in a reservation; when it is refused the caller moves the rows to an
 * {@link ExternalSort} (bounded too, as it keeps only {@code n + m} rows of each run) and applies the limit to its
 * output.
 */
public final class TopN implements AutoCloseable {
    private final Schema schema;
    private final int[] keyCols;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final long limit;
    private final long offset;
    private final int keep;
    private final MemoryReservation reservation;
    private final List<RecordBatch> pending = new ArrayList<>();
    private RecordBatch kept;
    private long pendingRows;
    private long pendingBytes;
    /** Memory was refused: the rows held are to move to an external sort. */
    private boolean overBudget;
    private boolean finished;

    /** @param reservation unspillable; the top-n owns it and closes it */
    public TopN(Schema schema, int[] keyCols, boolean[] descending, boolean[] nullsFirst, long limit, long offset,
                MemoryReservation reservation) {
        this.reservation = requireNonNull(reservation, "reservation");
        this.schema = requireNonNull(schema, "schema");
        this.keyCols = keyCols.clone();
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
        if (limit < 0 || offset < 0) {
            throw new DaftException("limit and offset must not be negative, got " + limit + " and " + offset);
        }
        if (limit + offset > Integer.MAX_VALUE - 16) {
            throw new DaftException("top-n of " + (limit + offset) + " rows is too large; use a full sort");
        }
        this.limit = limit;
        this.offset = offset;
        this.keep = (int) (limit + offset);
    }

    /**
     * Offers a batch (the caller keeps it). False when the rows to keep no longer fit in the reservation: the batch
     * is taken all the same, and the caller moves everything held to an external sort ({@link #moveTo}).
     */
    public boolean add(RecordBatch batch) {
        if (finished) {
            throw new IllegalStateException("top-n already finished");
        }
        if (keep == 0 || batch.rowCount() == 0) {
            return true;
        }
        long bytes = batch.sizeBytes();
        boolean reserved = reservation.tryGrow(bytes);
        pending.add(batch.share());
        pendingRows += batch.rowCount();
        pendingBytes += bytes;
        if (!reserved) {
            overBudget = true;
            return false;
        }
        return pendingRows < Math.max(keep, 4096) || compact();
    }

    /** Moves every row held to {@code sort} (after memory was refused); this top-n is finished afterwards. */
    public void moveTo(ExternalSort sort) {
        finished = true;
        reservation.free(); // the sort reserves the rows from here on
        if (kept != null) {
            RecordBatch k = kept;
            kept = null;
            sort.add(k);
        }
        while (!pending.isEmpty()) {
            sort.add(pending.remove(0));
        }
        pendingRows = 0;
        pendingBytes = 0;
    }

    /** Sorts the buffer with the kept rows and keeps the best; false (nothing done) when memory is refused. */
    private boolean compact() {
        if (pending.isEmpty()) {
            return true;
        }
        List<RecordBatch> all = new ArrayList<>(pending.size() + 1);
        if (kept != null) {
            all.add(kept);
        }
        all.addAll(pending);
        long rows = pendingRows + (kept == null ? 0 : kept.rowCount());
        long held = pendingBytes + (kept == null ? 0 : kept.sizeBytes());
        // the concatenation, the best rows taken from it, and the sort keys
        if (overBudget || !reservation.tryGrow(held + Math.min(held, held * keep / Math.max(1, rows)), 64L * rows)) {
            return false;
        }
        RecordBatch best;
        try (RecordBatch concat = RecordBatch.concat(schema, all)) {
            int[] perm = Sorter.sortIndices(concat, keyCols, descending, nullsFirst);
            best = concat.take(perm, Math.min(keep, concat.rowCount()));
        } finally {
            for (RecordBatch b : all) {
                b.close();
            }
            pending.clear();
            pendingRows = 0;
            pendingBytes = 0;
            kept = null;
            reservation.free();
        }
        kept = best;
        if (!reservation.tryGrow(kept.sizeBytes())) {
            overBudget = true;
            return false;
        }
        return true;
    }

    /**
     * Rows [offset, offset + limit) of the sorted input; empty (and nothing done) when the last sort does not fit
     * in memory: then the caller moves everything held to an external sort ({@link #moveTo}).
     */
    public Optional<RecordBatch> finish() {
        if (finished) {
            throw new IllegalStateException("top-n already finished");
        }
        if (!compact()) {
            return Optional.empty();
        }
        finished = true;
        if (kept == null) {
            return Optional.of(RecordBatch.empty(schema));
        }
        try (RecordBatch k = kept) {
            kept = null;
            int from = (int) Math.min(offset, k.rowCount());
            int len = (int) Math.min(limit, k.rowCount() - from);
            return Optional.of(k.slice(from, len));
        }
    }

    @Override
    public void close() {
        finished = true;
        reservation.close();
        for (RecordBatch b : pending) {
            b.close();
        }
        pending.clear();
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }
}
