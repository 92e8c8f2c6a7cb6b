package io.daft.ops.agg;

import org.apache.arrow.vector.FieldVector;

import java.util.List;

/**
 * Per-group state of one aggregate, held in primitive arrays indexed by group id. Called once per batch (never
 * per row) with the batch's group ids; each implementation runs a loop specialised to its input type.
 */
abstract class Accumulator {
    /** Makes room for group ids below {@code groups}. */
    abstract void ensureCapacity(int groups);

    /** Approximate heap bytes held (state arrays by capacity, plus variable-size values), for memory accounting. */
    abstract long sizeBytes();

    /** Bytes {@link #state} or {@link #result} allocate as Arrow columns for all groups: about the state arrays. */
    long emitBytes() {
        return sizeBytes();
    }

    /** Arrow bytes held (values kept as Arrow vectors), for memory accounting. */
    long arrowBytes() {
        return 0;
    }

    /** Releases Arrow memory held; the accumulator is not used afterwards. */
    void close() {
    }

    /** Folds raw input values ({@code input} may be null for COUNT_ALL). */
    abstract void update(FieldVector input, int[] groupIds, int rows);

    /** Folds partial states: {@code state} are this aggregate's state columns (see {@link AggSpec}). */
    abstract void merge(List<FieldVector> state, int[] groupIds, int rows);

    /** Partial state columns for groups [0, groups). */
    abstract List<FieldVector> state(int groups);

    /** Final value column for groups [0, groups). */
    abstract FieldVector result(int groups);

    static int grow(int current, int needed) {
        int n = Math.max(16, current);
        while (n < needed) {
            n = n * 2;
        }
        return n;
    }
}
