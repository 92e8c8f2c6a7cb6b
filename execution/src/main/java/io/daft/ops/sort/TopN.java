package io.daft.ops.sort;

import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Streaming ORDER BY ... LIMIT n OFFSET m: keeps at most the best {@code n + m} rows seen so far. Incoming
 * batches are buffered until they hold about as many rows as are kept (at least 4096), then the kept rows and
 * the buffer are sorted together and cut back to {@code n + m}, so the work is O(rows log(n + m)) and memory
 * O(n + m + batch). Stable: among equal keys, earlier rows win.
 */
public final class TopN implements AutoCloseable {
    private final Schema schema;
    private final int[] keyCols;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final long limit;
    private final long offset;
    private final int keep;
    private final List<RecordBatch> pending = new ArrayList<>();
    private RecordBatch kept;
    private long pendingRows;
    private boolean finished;

    public TopN(Schema schema, int[] keyCols, boolean[] descending, boolean[] nullsFirst, long limit, long offset) {
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

    /** Offers a batch (the caller keeps it). */
    public void add(RecordBatch batch) {
        if (finished) {
            throw new IllegalStateException("top-n already finished");
        }
        if (keep == 0 || batch.rowCount() == 0) {
            return;
        }
        pending.add(batch.share());
        pendingRows += batch.rowCount();
        if (pendingRows >= Math.max(keep, 4096)) {
            compact();
        }
    }

    private void compact() {
        if (pending.isEmpty()) {
            return;
        }
        List<RecordBatch> all = new ArrayList<>(pending.size() + 1);
        if (kept != null) {
            all.add(kept);
        }
        all.addAll(pending);
        RecordBatch sorted;
        try {
            sorted = Sorter.sort(all, schema, keyCols, descending, nullsFirst);
        } finally {
            for (RecordBatch b : all) {
                b.close();
            }
            pending.clear();
            pendingRows = 0;
            kept = null;
        }
        if (sorted.rowCount() > keep) {
            try (RecordBatch s = sorted) {
                kept = s.slice(0, keep);
            }
        } else {
            kept = sorted;
        }
    }

    /** Rows [offset, offset + limit) of the sorted input. */
    public RecordBatch finish() {
        if (finished) {
            throw new IllegalStateException("top-n already finished");
        }
        finished = true;
        compact();
        if (kept == null) {
            return RecordBatch.empty(schema);
        }
        try (RecordBatch k = kept) {
            kept = null;
            int from = (int) Math.min(offset, k.rowCount());
            int len = (int) Math.min(limit, k.rowCount() - from);
            return k.slice(from, len);
        }
    }

    @Override
    public void close() {
        finished = true;
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
