package io.daft.ops.sort;

import io.daft.core.DaftException;
import io.daft.ops.hash.EncodedKeys;
import io.daft.ops.hash.KeyEncoder;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Order-preserving encoded sort keys of one batch ({@link KeyEncoder}) plus each row's first 8 key bytes as
 * an unsigned long, so most comparisons are one long compare and the rest one vectorised byte-range compare:
 * no per-row type dispatch, boxing or allocation.
 */
final class SortKeys {
    final EncodedKeys keys;
    final long[] prefix;
    private final byte[] data;

    SortKeys(RecordBatch batch, int[] keyCols, boolean[] descending, boolean[] nullsFirst) {
        if (descending.length != keyCols.length || nullsFirst.length != keyCols.length) {
            throw new DaftException("sort has " + keyCols.length + " keys but " + descending.length
                    + " descending flags and " + nullsFirst.length + " nulls-first flags");
        }
        List<FieldVector> cols = new ArrayList<>(keyCols.length);
        for (int c : keyCols) {
            cols.add(batch.column(c));
        }
        this.keys = KeyEncoder.encode(cols, batch.rowCount(), descending, nullsFirst);
        this.prefix = keys.prefixes();
        this.data = keys.data();
    }

    /** Compares row {@code a} with row {@code b} (ties are left to the caller). */
    int compare(int a, int b) {
        int c = Long.compareUnsigned(prefix[a], prefix[b]);
        if (c != 0) {
            return c;
        }
        return java.util.Arrays.compareUnsigned(data, keys.start(a), keys.end(a), data, keys.start(b), keys.end(b));
    }

    /** Compares row {@code a} here with row {@code b} of {@code other}. */
    int compare(int a, SortKeys other, int b) {
        int c = Long.compareUnsigned(prefix[a], other.prefix[b]);
        if (c != 0) {
            return c;
        }
        return keys.compareRows(a, other.keys, b);
    }

    /** A stable ordering of rows [0, n): indices sorted by key, ties in row order (merge sort). */
    int[] sortedIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n < 2) {
            return idx;
        }
        int[] aux = idx.clone();
        mergeSort(aux, idx, 0, n);
        return idx;
    }

    /** Sorts src[lo, hi) into dst[lo, hi); src and dst hold the same values on entry. */
    private void mergeSort(int[] src, int[] dst, int lo, int hi) {
        int len = hi - lo;
        if (len <= 24) {
            for (int i = lo + 1; i < hi; i++) {
                int v = dst[i];
                int j = i - 1;
                while (j >= lo && compare(dst[j], v) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(dst, src, lo, mid);
        mergeSort(dst, src, mid, hi);
        if (compare(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, len);
            return;
        }
        int p = lo;
        int q = mid;
        for (int i = lo; i < hi; i++) {
            if (q >= hi || (p < mid && compare(src[p], src[q]) <= 0)) {
                dst[i] = src[p++];
            } else {
                dst[i] = src[q++];
            }
        }
    }
}
