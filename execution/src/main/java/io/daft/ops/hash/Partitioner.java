package io.daft.ops.hash;

import io.daft.core.DaftException;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a batch into {@code n} batches by hash, at random, or by key ranges. Rows keep their relative order
 * within each output. The input batch stays owned by the caller; every output batch is new and owned by the
 * caller (empty partitions are empty batches, never null).
 */
public final class Partitioner {
    private Partitioner() {
    }

    /**
     * Partition of each row = {@link Hashing#hash} of the key columns, reduced modulo {@code n} (as an
     * unsigned value), so every machine sends equal keys to the same partition.
     */
    public static RecordBatch[] partitionByHash(RecordBatch b, int[] keyCols, int n) {
        return partitionByHash(b, keyCols, n, Hashing.SEED);
    }

    /** As {@link #partitionByHash(RecordBatch, int[], int)}, hashing from {@code seed} ({@link Hashing#hash(List, int, long)}). */
    public static RecordBatch[] partitionByHash(RecordBatch b, int[] keyCols, int n, long seed) {
        checkN(n);
        int rows = b.rowCount();
        long[] h = Hashing.hash(columns(b, keyCols), rows, seed);
        int[] part = new int[rows];
        for (int r = 0; r < rows; r++) {
            part[r] = partitionOf(h[r], n);
        }
        return scatter(b, part, n);
    }

    /** The partition a row hash goes to among {@code n}. */
    public static int partitionOf(long hash, int n) {
        return (int) Long.remainderUnsigned(hash, n);
    }

    /** Each row goes to a partition drawn from a generator seeded with {@code seed} (reproducible). */
    public static RecordBatch[] partitionRandom(RecordBatch b, int n, long seed) {
        checkN(n);
        int rows = b.rowCount();
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] part = new int[rows];
        for (int r = 0; r < rows; r++) {
            part[r] = rnd.nextInt(n);
        }
        return scatter(b, part, n);
    }

    /**
     * Range partitioning for a distributed sort. {@code boundaries} holds n-1 rows of the key columns (in
     * {@code keyCols} order), sorted by the given order. A row goes to partition {@code i} = the number of
     * boundaries that sort strictly before it, so partition i holds keys in (boundary[i-1], boundary[i]] and
     * concatenating the sorted partitions 0..n-1 gives the global order.
     */
    public static RecordBatch[] partitionByRange(RecordBatch b, int[] keyCols, boolean[] desc, boolean[] nullsFirst,
                                                 RecordBatch boundaries) {
        if (boundaries.numColumns() != keyCols.length) {
            throw new DaftException("range boundaries have " + boundaries.numColumns() + " columns but there are "
                    + keyCols.length + " sort keys");
        }
        int n = boundaries.rowCount() + 1;
        int rows = b.rowCount();
        EncodedKeys keys = KeyEncoder.encode(columns(b, keyCols), rows, desc, nullsFirst);
        EncodedKeys bounds = KeyEncoder.encode(boundaries.columns(), boundaries.rowCount(), desc, nullsFirst);
        int[] part = new int[rows];
        for (int r = 0; r < rows; r++) {
            // first boundary >= key
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (bounds.compareRows(mid, keys, r) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            part[r] = lo;
        }
        return scatter(b, part, n);
    }

    /** Splits {@code b} by the partition number of each row (a counting sort of row indices, then gathers). */
    public static RecordBatch[] scatter(RecordBatch b, int[] part, int n) {
        int rows = b.rowCount();
        int[] counts = new int[n + 1];
        for (int r = 0; r < rows; r++) {
            counts[part[r] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            counts[i + 1] += counts[i];
        }
        int[] starts = counts.clone();
        int[] order = new int[rows];
        for (int r = 0; r < rows; r++) {
            order[counts[part[r]]++] = r;
        }
        RecordBatch[] out = new RecordBatch[n];
        try {
            for (int p = 0; p < n; p++) {
                int len = starts[p + 1] - starts[p];
                if (len == rows) {
                    out[p] = b.share();
                } else {
                    int[] idx = java.util.Arrays.copyOfRange(order, starts[p], starts[p + 1]);
                    out[p] = b.take(idx, len);
                }
            }
        } catch (RuntimeException e) {
            for (RecordBatch o : out) {
                if (o != null) {
                    o.close();
                }
            }
            throw e;
        }
        return out;
    }

    static List<FieldVector> columns(RecordBatch b, int[] cols) {
        List<FieldVector> out = new ArrayList<>(cols.length);
        for (int c : cols) {
            out.add(b.column(c));
        }
        return out;
    }

    private static void checkN(int n) {
        if (n < 1) {
            throw new DaftException("number of partitions must be at least 1, got " + n);
        }
    }
}
