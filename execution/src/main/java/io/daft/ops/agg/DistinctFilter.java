package io.daft.ops.agg;

import io.daft.ops.hash.GroupIndex;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Streaming DISTINCT: passes on each row whose key (the given columns) was not seen in an earlier row, keeping
 * first occurrences in arrival order. Unlike {@link HashAggregator} with no aggregates it emits rows as they
 * come (useful under a LIMIT). Memory grows with the number of distinct keys.
 */
public final class DistinctFilter {
    private final int[] keyColumns;
    private final GroupIndex table = new GroupIndex();
    private int[] gidBuf = new int[0];
    private int[] newBuf = new int[0];

    public DistinctFilter(int[] keyColumns) {
        this.keyColumns = keyColumns.clone();
    }

    /** The rows of {@code batch} with unseen keys, all columns (a new batch; the caller keeps {@code batch}). */
    public RecordBatch filter(RecordBatch batch) {
        int rows = batch.rowCount();
        if (gidBuf.length < rows) {
            gidBuf = new int[rows];
            newBuf = new int[rows];
        }
        List<FieldVector> cols = new ArrayList<>(keyColumns.length);
        for (int c : keyColumns) {
            cols.add(batch.column(c));
        }
        int created = table.findOrInsert(cols, rows, gidBuf, newBuf);
        if (created == rows) {
            return batch.share();
        }
        return batch.take(newBuf, created);
    }

    public int distinctCount() {
        return table.groupCount();
    }
}
