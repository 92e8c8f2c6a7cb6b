package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.ops.ColumnData;
import io.daft.ops.ColumnKind;
import io.daft.ops.sort.Sorter;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.FieldVector;

import java.math.BigInteger;
import java.util.List;

/**
 * SUM, MEAN, COUNT, COUNT_ALL, MIN and MAX over per-row frames, each in O(n) for any frame shape:
 * <ul>
 *   <li>COUNT and exact sums (integers, decimals) are differences of prefix sums. The prefix sums are wider
 *       than the inputs (128 bits for integers, 192 for decimals) so they never overflow and every frame sum is
 *       exact; only a frame sum that does not fit the output type is an error.</li>
 *   <li>Floating sums are not differenced (that would cancel catastrophically and turn infinities into NaN):
 *       a two-stack sliding window adds each value into at most two partial sums.</li>
 *   <li>MIN and MAX run a monotonic deque over an order-preserving long key of the input (integers, dates and
 *       timestamps as themselves, floats by their IEEE bits, strings and wide decimals by dense rank), find the
 *       row holding each frame's extreme, and gather the input column once, so every flat type is handled by
 *       the same loop.</li>
 * </ul>
 * Frames never reach outside their partition and their two ends only move forward from row to row (both are
 * sorted-key searches), which is what the sliding structures rely on; a frame that moves backwards simply
 * restarts the window.
 */
final class FrameAggregates {
    private static final long MAX38_HI;
    private static final long MAX38_LO;
    private static final long MIN38_HI;
    private static final long MIN38_LO;

    static {
        BigInteger max = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
        MAX38_HI = max.shiftRight(64).longValue();
        MAX38_LO = max.longValue();
        BigInteger min = max.negate();
        MIN38_HI = min.shiftRight(64).longValue();
        MIN38_LO = min.longValue();
    }

    private FrameAggregates() {
    }

    static FieldVector compute(WindowCall call, RecordBatch batch, WindowLayout l, Frames f, Field out) {
        int n = l.n;
        int[] s = f.start;
        int[] e = f.end;
        if (call.op() == WindowOp.COUNT_ALL) {
            long[] v = new long[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                v[i] = Math.max(0, e[i] - s[i]);
            }
            return Outputs.longs(out, v, null, n);
        }
        FieldVector input = batch.column(call.inputColumn());
        ColumnKind kind = ColumnKind.of(input);
        DataType inType = Vectors.fieldOf(input).dataType();
        boolean[] valid = ColumnData.validity(input, n, null);
        int[] counts = prefixCounts(valid, n);
        if (call.op() == WindowOp.COUNT) {
            long[] v = new long[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                v[i] = e[i] > s[i] ? counts[e[i]] - counts[s[i]] : 0;
            }
            return Outputs.longs(out, v, null, n);
        }
        if (kind == ColumnKind.NULL) {
            return Vectors.nulls(out, n);
        }
        switch (call.op()) {
            case SUM:
                switch (out.dataType().id()) {
                    case DECIMAL:
                        if (inType.id() != TypeId.DECIMAL || inType.scale() != out.dataType().scale()) {
                            throw new DaftException("SUM '" + call.outputName() + "' of " + inType + " cannot produce "
                                    + out.dataType());
                        }
                        return sumDecimal(call, input, s, e, counts, n, out, false);
                    case FLOAT32:
                    case FLOAT64:
                        return sumDoubles(input, kind, inType, valid, s, e, counts, n, out, false);
                    default:
                        if (!isIntegral(kind)) {
                            throw new DaftException("SUM '" + call.outputName() + "' of " + inType + " cannot produce "
                                    + out.dataType());
                        }
                        return sumLongs(call, input, kind, valid, s, e, counts, n, out, false);
                }
            case MEAN:
                if (kind == ColumnKind.DECIMAL) {
                    return sumDecimal(call, input, s, e, counts, n, out, true);
                }
                if (isIntegral(kind)) {
                    return sumLongs(call, input, kind, valid, s, e, counts, n, out, true);
                }
                return sumDoubles(input, kind, inType, valid, s, e, counts, n, out, true);
            case MIN:
            case MAX: {
                long[] keys = orderKeys(input, kind, n);
                int[] idx = extremes(keys, valid, s, e, n, call.op() == WindowOp.MAX);
                return Outputs.conform(Vectors.take(input, idx, n), out);
            }
            default:
                throw new AssertionError(call.op());
        }
    }

    private static boolean isIntegral(ColumnKind kind) {
        switch (kind) {
            case BOOL:
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return true;
            default:
                return false;
        }
    }

    /** counts[i] = number of valid rows before row i (n + 1 entries). */
    private static int[] prefixCounts(boolean[] valid, int n) {
        int[] c = new int[n + 1];
        if (valid == null) {
            for (int i = 0; i <= n; i++) {
                c[i] = i;
            }
        } else {
            for (int i = 0; i < n; i++) {
                c[i + 1] = c[i] + (valid[i] ? 1 : 0);
            }
        }
        return c;
    }

    private static int frameCount(int[] counts, int s, int e) {
        return e > s ? counts[e] - counts[s] : 0;
    }

    /** Integer SUM (Int64, failing on overflow) or MEAN via 128-bit prefix sums. */
    private static FieldVector sumLongs(WindowCall call, FieldVector input, ColumnKind kind, boolean[] valid, int[] s,
                                        int[] e, int[] counts, int n, Field out, boolean mean) {
        long[] v = ColumnData.loadLongs(input, kind, n, null);
        long[] plo = new long[n + 1];
        long[] phi = new long[n + 1];
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < n; i++) {
            if (valid == null || valid[i]) {
                long x = v[i];
                long nlo = lo + x;
                // unsigned carry out of the low word, plus the sign extension of x
                hi += (x >> 63) + (Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0);
                lo = nlo;
            }
            plo[i + 1] = lo;
            phi[i + 1] = hi;
        }
        boolean[] ok = new boolean[Math.max(n, 1)];
        if (mean) {
            double[] r = new double[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                int c = frameCount(counts, s[i], e[i]);
                if (c > 0) {
                    long a = plo[e[i]];
                    long b = plo[s[i]];
                    long rlo = a - b;
                    long rhi = phi[e[i]] - phi[s[i]] - (Long.compareUnsigned(a, b) < 0 ? 1 : 0);
                    r[i] = ColumnData.int128ToDouble(rlo, rhi) / c;
                    ok[i] = true;
                }
            }
            return Outputs.doubles(out, r, ok, n);
        }
        long[] r = new long[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            if (frameCount(counts, s[i], e[i]) > 0) {
                long a = plo[e[i]];
                long b = plo[s[i]];
                long rlo = a - b;
                long rhi = phi[e[i]] - phi[s[i]] - (Long.compareUnsigned(a, b) < 0 ? 1 : 0);
                if (rhi != (rlo >> 63)) {
                    throw new DaftException("SUM '" + call.outputName() + "' overflows Int64 (window frame "
                            + call.frame() + ")");
                }
                r[i] = rlo;
                ok[i] = true;
            }
        }
        return Outputs.longs(out, r, ok, n);
    }

    /** Decimal SUM (Decimal(38, s), failing beyond 38 digits) or MEAN via 192-bit prefix sums. */
    private static FieldVector sumDecimal(WindowCall call, FieldVector input, int[] s, int[] e, int[] counts, int n,
                                          Field out, boolean mean) {
        ArrowBuf d = input.getDataBuffer();
        boolean[] valid = ColumnData.validity(input, n, null);
        long[] p0 = new long[n + 1];
        long[] p1 = new long[n + 1];
        long[] p2 = new long[n + 1];
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        for (int i = 0; i < n; i++) {
            if (valid == null || valid[i]) {
                long xlo = d.getLong((long) i << 4);
                long xhi = d.getLong(((long) i << 4) + 8);
                long n0 = w0 + xlo;
                long c0 = Long.compareUnsigned(n0, w0) < 0 ? 1 : 0;
                long t = w1 + xhi;
                long c1 = Long.compareUnsigned(t, w1) < 0 ? 1 : 0;
                long n1 = t + c0;
                long c2 = (c0 == 1 && n1 == 0) ? 1 : 0;
                w2 += (xhi >> 63) + c1 + c2;
                w1 = n1;
                w0 = n0;
            }
            p0[i + 1] = w0;
            p1[i + 1] = w1;
            p2[i + 1] = w2;
        }
        int scale = Vectors.fieldOf(input).dataType().scale();
        double div = Math.pow(10, scale);
        long[] rlo = new long[Math.max(n, 1)];
        long[] rhi = new long[Math.max(n, 1)];
        double[] means = mean ? new double[Math.max(n, 1)] : null;
        boolean[] ok = new boolean[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            int c = frameCount(counts, s[i], e[i]);
            if (c == 0) {
                continue;
            }
            int a = e[i];
            int b = s[i];
            long r0 = p0[a] - p0[b];
            long b0 = Long.compareUnsigned(p0[a], p0[b]) < 0 ? 1 : 0;
            long t = p1[a] - p1[b];
            long b1 = Long.compareUnsigned(p1[a], p1[b]) < 0 ? 1 : 0;
            long r1 = t - b0;
            long b2 = (b0 == 1 && t == 0) ? 1 : 0;
            long r2 = p2[a] - p2[b] - b1 - b2;
            boolean fits128 = r2 == (r1 >> 63);
            if (mean) {
                double sum = fits128 ? ColumnData.int128ToDouble(r0, r1)
                        : wide(r0, r1, r2).doubleValue();
                means[i] = sum / div / c;
                ok[i] = true;
                continue;
            }
            if (!fits128 || compare128(r1, r0, MAX38_HI, MAX38_LO) > 0 || compare128(r1, r0, MIN38_HI, MIN38_LO) < 0) {
                throw new DaftException("SUM '" + call.outputName() + "' overflows " + out.dataType()
                        + " (window frame " + call.frame() + ")");
            }
            rlo[i] = r0;
            rhi[i] = r1;
            ok[i] = true;
        }
        if (mean) {
            return Outputs.doubles(out, means, ok, n);
        }
        return ColumnData.storeDecimals(out, rlo, rhi, ok, n);
    }

    /** Signed 128-bit compare of (hiA, loA) with (hiB, loB). */
    private static int compare128(long hiA, long loA, long hiB, long loB) {
        return hiA != hiB ? Long.compare(hiA, hiB) : Long.compareUnsigned(loA, loB);
    }

    private static BigInteger wide(long w0, long w1, long w2) {
        return BigInteger.valueOf(w2).shiftLeft(128)
                .add(new BigInteger(Long.toUnsignedString(w1)).shiftLeft(64))
                .add(new BigInteger(Long.toUnsignedString(w0)));
    }

    /** Floating SUM or MEAN of any numeric input, summed as doubles over a sliding window (no differencing). */
    private static FieldVector sumDoubles(FieldVector input, ColumnKind kind, DataType inType, boolean[] valid, int[] s,
                                          int[] e, int[] counts, int n, Field out, boolean mean) {
        int scale = inType.id() == TypeId.DECIMAL ? inType.scale() : 0;
        double[] v = ColumnData.loadDoubles(input, kind, scale, n, null);
        if (valid != null) {
            for (int i = 0; i < n; i++) {
                if (!valid[i]) {
                    v[i] = 0.0; // neutral; the prefix counts decide null results
                }
            }
        }
        double[] sums = slidingSums(v, s, e, n);
        boolean[] ok = new boolean[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            int c = frameCount(counts, s[i], e[i]);
            if (c > 0) {
                ok[i] = true;
                if (mean) {
                    sums[i] /= c;
                }
            }
        }
        return Outputs.doubles(out, sums, ok, n);
    }

    /**
     * Sum of v over each frame with the two-stack queue: the window [lo, hi) is split at mid; rows [lo, mid)
     * keep suffix sums (the front stack), rows [mid, hi) one running sum (the back stack). Popping from an
     * empty front turns the back into a new front in one pass, so each value is added at most twice.
     */
    static double[] slidingSums(double[] v, int[] s, int[] e, int n) {
        double[] out = new double[Math.max(n, 1)];
        double[] suffix = new double[Math.max(n, 1)];
        int lo = 0;
        int mid = 0;
        int hi = 0;
        double back = 0.0;
        for (int i = 0; i < n; i++) {
            int si = s[i];
            int ei = Math.max(e[i], si);
            if (si >= hi || si < lo || ei < hi) {
                lo = si;
                mid = si;
                hi = si;
                back = 0.0;
            }
            while (hi < ei) {
                back += v[hi++];
            }
            while (lo < si) {
                if (lo == mid) {
                    double acc = 0.0;
                    for (int j = hi - 1; j >= lo; j--) {
                        acc += v[j];
                        suffix[j] = acc;
                    }
                    mid = hi;
                    back = 0.0;
                }
                lo++;
            }
            out[i] = lo < mid ? suffix[lo] + back : back;
        }
        return out;
    }

    /**
     * For each frame the row of its smallest (largest) valid key, -1 if none: a monotonic deque of row indices
     * whose keys increase (decrease) from head to tail.
     */
    static int[] extremes(long[] key, boolean[] valid, int[] s, int[] e, int n, boolean max) {
        int[] out = new int[Math.max(n, 1)];
        int[] dq = new int[Math.max(n, 1)];
        int head = 0;
        int tail = 0;
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < n; i++) {
            int si = s[i];
            int ei = Math.max(e[i], si);
            if (si < lo || ei < hi) {
                head = 0;
                tail = 0;
                hi = si;
            }
            lo = si;
            if (hi < si) {
                hi = si;
            }
            while (hi < ei) {
                if (valid == null || valid[hi]) {
                    long k = key[hi];
                    if (max) {
                        while (tail > head && key[dq[tail - 1]] <= k) {
                            tail--;
                        }
                    } else {
                        while (tail > head && key[dq[tail - 1]] >= k) {
                            tail--;
                        }
                    }
                    dq[tail++] = hi;
                }
                hi++;
            }
            while (head < tail && dq[head] < lo) {
                head++;
            }
            out[i] = head < tail ? dq[head] : -1;
        }
        return out;
    }

    /**
     * A long per row whose signed order is the SQL order of the values (nulls: anything). Floats: IEEE bits
     * made signed-monotone, NaN largest, -0.0 equal to 0.0. Strings, binaries and decimals wider than 64 bits:
     * dense rank from one sort.
     */
    static long[] orderKeys(FieldVector v, ColumnKind kind, int n) {
        switch (kind) {
            case BOOL:
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return ColumnData.loadLongs(v, kind, n, null);
            case FLOAT32:
            case FLOAT64: {
                double[] d = ColumnData.loadDoubles(v, kind, 0, n, null);
                long[] k = new long[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    double x = d[i];
                    long bits = x == 0.0 ? 0L : Double.doubleToLongBits(x);
                    k[i] = bits < 0 ? (~bits) ^ Long.MIN_VALUE : bits;
                }
                return k;
            }
            case DECIMAL: {
                ArrowBuf d = v.getDataBuffer();
                boolean[] valid = ColumnData.validity(v, n, null);
                long[] k = new long[Math.max(n, 1)];
                boolean narrow = true;
                for (int i = 0; i < n; i++) {
                    long lo = d.getLong((long) i << 4);
                    k[i] = lo;
                    if (d.getLong(((long) i << 4) + 8) != (lo >> 63) && (valid == null || valid[i])) {
                        narrow = false;
                    }
                }
                return narrow ? k : denseRanks(v, kind, n);
            }
            case VARBINARY:
                return denseRanks(v, kind, n);
            default:
                throw new AssertionError(kind);
        }
    }

    /** Each row's rank among the distinct values of v (ascending; nulls rank last and are never read). */
    private static long[] denseRanks(FieldVector v, ColumnKind kind, int n) {
        int[] order;
        try (RecordBatch one = RecordBatch.of(List.of(Vectors.share(v)), n)) {
            order = Sorter.sortIndices(one, new int[] {0}, new boolean[] {false}, new boolean[] {false});
        }
        long[] rank = new long[Math.max(n, 1)];
        ArrowBuf d = v.getDataBuffer();
        long r = 0;
        if (kind == ColumnKind.VARBINARY) {
            ArrowBuf off = v.getOffsetBuffer();
            for (int j = 0; j < n; j++) {
                int cur = order[j];
                if (j > 0) {
                    int prev = order[j - 1];
                    long cs = off.getInt((long) cur << 2);
                    long ce = off.getInt((long) (cur + 1) << 2);
                    long ps = off.getInt((long) prev << 2);
                    long pe = off.getInt((long) (prev + 1) << 2);
                    if (ce - cs != pe - ps || ByteFunctionHelpers.equal(d, cs, ce, d, ps, pe) == 0) {
                        r++;
                    }
                }
                rank[cur] = r;
            }
        } else {
            for (int j = 0; j < n; j++) {
                int cur = order[j];
                if (j > 0) {
                    int prev = order[j - 1];
                    if (d.getLong((long) cur << 4) != d.getLong((long) prev << 4)
                            || d.getLong(((long) cur << 4) + 8) != d.getLong(((long) prev << 4) + 8)) {
                        r++;
                    }
                }
                rank[cur] = r;
            }
        }
        return rank;
    }
}
