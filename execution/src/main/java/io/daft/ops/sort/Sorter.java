package io.daft.ops.sort;

import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;

import java.util.List;

/**
 * Full in-memory sort of a partition: concatenates the batches, encodes the sort keys once into
 * order-preserving bytes (per-type loops, see {@link io.daft.ops.hash.KeyEncoder}), merge-sorts row indices
 * (stable) and gathers every column once. Floats order NaN above every other value (as DuckDB and Postgres);
 * -0.0 and 0.0 are equal. Strings order by UTF-8 bytes (code point order).
 */
public final class Sorter {
    private Sorter() {
    }

    /** A new batch with all rows of {@code batches} (the caller keeps them) in key order. */
    public static RecordBatch sort(List<RecordBatch> batches, Schema schema, int[] keyCols, boolean[] descending,
                                   boolean[] nullsFirst) {
        try (RecordBatch all = RecordBatch.concat(schema, batches)) {
            return sortBatch(all, keyCols, descending, nullsFirst);
        }
    }

    /** A new batch with the rows of {@code batch} (the caller keeps it) in key order. */
    public static RecordBatch sortBatch(RecordBatch batch, int[] keyCols, boolean[] descending, boolean[] nullsFirst) {
        int n = batch.rowCount();
        SortKeys keys = new SortKeys(batch, keyCols, descending, nullsFirst);
        int[] perm = keys.sortedIndices(n);
        return batch.take(perm, n);
    }

    /** The stable sorting permutation of {@code batch}'s rows. */
    public static int[] sortIndices(RecordBatch batch, int[] keyCols, boolean[] descending, boolean[] nullsFirst) {
        return new SortKeys(batch, keyCols, descending, nullsFirst).sortedIndices(batch.rowCount());
    }
}
