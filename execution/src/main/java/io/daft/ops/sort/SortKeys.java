package io.daft.ops.sort;

import io.daft.core.DaftException;
import io.daft.ops.hash.EncodedKeys;
import io.daft.ops.hash.KeyEncoder;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Order-preserving encoded sort keys of one batch ({@link KeyEncoder}) plus each row's first 16 key bytes as
 * two unsigned longs. Sorting moves those longs along with the row indices, so almost every comparison is
 * one or two long compares on sequential memory; only keys longer than 16 bytes that tie on their first 16
 * fall back to a byte-range compare. No per-row type dispatch, boxing or allocation.
 */
final class SortKeys {
    final EncodedKeys keys;
    final long[] prefix;
    final long[] prefix2;
    private final byte[] data;
    private final boolean fitsIn16;

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
        this.prefix = keys.prefixes(0);
        this.prefix2 = keys.prefixes(8);
        this.data = keys.data();
        boolean fits = true;
        for (int r = 0; r < keys.rows() && fits; r++) {
            fits = keys.length(r) <= 16;
        }
        this.fitsIn16 = fits;
    }

    /** Compares row {@code a} here with row {@code b} of {@code other}. */
    int compare(int a, SortKeys other, int b) {
        int c = Long.compareUnsigned(prefix[a], other.prefix[b]);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(prefix2[a], other.prefix2[b]);
        if (c != 0) {
            return c;
        }
        return keys.compareRows(a, other.keys, b);
    }

    private int compare(long pa, long qa, int a, long pb, long qb, int b) {
        int c = Long.compareUnsigned(pa, pb);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(qa, qb);
        if (c != 0 || fitsIn16 && keys.length(a) == keys.length(b)) {
            return c;
        }
        return Arrays.compareUnsigned(data, keys.start(a), keys.end(a), data, keys.start(b), keys.end(b));
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
        long[] p = Arrays.copyOf(prefix, n);
        long[] q = Arrays.copyOf(prefix2, n);
        mergeSort(p.clone(), q.clone(), idx.clone(), p, q, idx, 0, n);
        return idx;
    }

    /** Sorts src[lo, hi) into dst[lo, hi) (parallel arrays: prefix, prefix2, row); both hold the same on entry. */
    private void mergeSort(long[] sp, long[] sq, int[] si, long[] dp, long[] dq, int[] di, int lo, int hi) {
        int len = hi - lo;
        if (len <= 24) {
            for (int i = lo + 1; i < hi; i++) {
                long vp = dp[i];
                long vq = dq[i];
                int vi = di[i];
                int j = i - 1;
                while (j >= lo && compare(dp[j], dq[j], di[j], vp, vq, vi) > 0) {
                    dp[j + 1] = dp[j];
                    dq[j + 1] = dq[j];
                    di[j + 1] = di[j];
                    j--;
                }
                dp[j + 1] = vp;
                dq[j + 1] = vq;
                di[j + 1] = vi;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(dp, dq, di, sp, sq, si, lo, mid);
        mergeSort(dp, dq, di, sp, sq, si, mid, hi);
        if (compare(sp[mid - 1], sq[mid - 1], si[mid - 1], sp[mid], sq[mid], si[mid]) <= 0) {
            System.arraycopy(sp, lo, dp, lo, len);
            System.arraycopy(sq, lo, dq, lo, len);
            System.arraycopy(si, lo, di, lo, len);
            return;
        }
        int a = lo;
        int b = mid;
        for (int i = lo; i < hi; i++) {
            if (b >= hi || (a < mid && compare(sp[a], sq[a], si[a], sp[b], sq[b], si[b]) <= 0)) {
                dp[i] = sp[a];
                dq[i] = sq[a];
                di[i] = si[a++];
            } else {
                dp[i] = sp[b];
                dq[i] = sq[b];
                di[i] = si[b++];
            }
        }
    }
}
