package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.ops.ColumnData;
import io.daft.ops.ColumnKind;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Resolves a {@link WindowFrame} into each row's frame as a half-open row range [start[i], end[i]) within its
 * partition (empty when end &lt;= start). ROWS bounds are index arithmetic; RANGE CURRENT ROW is the peer group;
 * RANGE offsets are two-pointer searches over the single order column (both pointers only move forward because
 * the column is sorted), so every frame costs O(n).
 *
 * <p>RANGE offset semantics follow PostgreSQL and DuckDB: a row whose order value is null (or NaN) has the
 * null (NaN) peer group as its bounded frame ends; other rows never reach null or NaN rows through an offset.
 */
final class Frames {
    /** Frame starts, inclusive. */
    final int[] start;
    /** Frame ends, exclusive. */
    final int[] end;

    private Frames(int[] start, int[] end) {
        this.start = start;
        this.end = end;
    }

    /**
     * @param orderColumn the single order column (RANGE offsets only; else may be null)
     * @param descending its direction
     * @param nullsFirst where its nulls are
     */
    static Frames of(WindowFrame frame, WindowLayout layout, FieldVector orderColumn, boolean descending,
                     boolean nullsFirst) {
        if (frame.start().kind() == FrameBound.Kind.UNBOUNDED_FOLLOWING) {
            throw new DaftException("window frame " + frame + " cannot start at UNBOUNDED FOLLOWING");
        }
        if (frame.end().kind() == FrameBound.Kind.UNBOUNDED_PRECEDING) {
            throw new DaftException("window frame " + frame + " cannot end at UNBOUNDED PRECEDING");
        }
        FrameBound.Kind sk = frame.start().kind();
        FrameBound.Kind ek = frame.end().kind();
        if (sk == FrameBound.Kind.CURRENT_ROW && ek == FrameBound.Kind.PRECEDING) {
            throw new DaftException("window frame " + frame + ": a frame starting from the current row cannot have preceding rows");
        }
        if (sk == FrameBound.Kind.FOLLOWING && (ek == FrameBound.Kind.PRECEDING || ek == FrameBound.Kind.CURRENT_ROW)) {
            throw new DaftException("window frame " + frame + ": a frame starting from a following row cannot have preceding rows");
        }
        int n = layout.n;
        int[] start = new int[n];
        int[] end = new int[n];
        RangeKey key = null;
        if (!frame.rows() && (isOffset(frame.start()) || isOffset(frame.end()))) {
            if (orderColumn == null) {
                throw new DaftException("window frame " + frame + " needs exactly one ORDER BY column");
            }
            key = RangeKey.of(orderColumn, n, descending, nullsFirst, frame);
        }
        bound(frame, frame.start(), true, layout, key, start);
        bound(frame, frame.end(), false, layout, key, end);
        return new Frames(start, end);
    }

    private static boolean isOffset(FrameBound b) {
        return b.kind() == FrameBound.Kind.PRECEDING || b.kind() == FrameBound.Kind.FOLLOWING;
    }

    private static void bound(WindowFrame frame, FrameBound b, boolean isStart, WindowLayout l, RangeKey key, int[] out) {
        int n = l.n;
        switch (b.kind()) {
            case UNBOUNDED_PRECEDING:
                System.arraycopy(l.partStart, 0, out, 0, n);
                return;
            case UNBOUNDED_FOLLOWING:
                System.arraycopy(l.partEnd, 0, out, 0, n);
                return;
            case CURRENT_ROW:
                if (frame.rows()) {
                    for (int i = 0; i < n; i++) {
                        out[i] = isStart ? i : i + 1;
                    }
                } else {
                    System.arraycopy(isStart ? l.peerStart : l.peerEnd, 0, out, 0, n);
                }
                return;
            default:
                break;
        }
        double k = b.offset();
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new DaftException("window frame " + frame + ": offset " + k + " must be a finite non-negative number");
        }
        boolean preceding = b.kind() == FrameBound.Kind.PRECEDING;
        if (frame.rows()) {
            if (k != Math.rint(k)) {
                throw new DaftException("window frame " + frame + ": ROWS offset " + k + " must be a whole number");
            }
            long rows = (long) Math.min(k, (double) Integer.MAX_VALUE);
            // start: i - k or i + k; end (exclusive): one past i - k or i + k; always clamped to the partition
            long shift = (preceding ? -rows : rows) + (isStart ? 0 : 1);
            for (int i = 0; i < n; i++) {
                long p = i + shift;
                out[i] = (int) Math.max(l.partStart[i], Math.min(l.partEnd[i], p));
            }
            return;
        }
        key.bound(preceding, k, isStart, l, out);
    }

    /** The single RANGE order column, transformed so the search is always over ascending values. */
    private static final class RangeKey {
        private final int n;
        private final boolean[] valid;
        /** Integer-valued keys (integers, dates, narrow decimals as unscaled values); null when doubles are used. */
        private final long[] longs;
        private final double[] doubles;
        /** Decimal scale for offsets (0 for non-decimals). */
        private final int scale;
        private final boolean descending;
        private final boolean nullsFirst;

        private RangeKey(int n, boolean[] valid, long[] longs, double[] doubles, int scale, boolean descending,
                         boolean nullsFirst) {
            this.n = n;
            this.valid = valid;
            this.longs = longs;
            this.doubles = doubles;
            this.scale = scale;
            this.descending = descending;
            this.nullsFirst = nullsFirst;
        }

        static RangeKey of(FieldVector v, int n, boolean descending, boolean nullsFirst, WindowFrame frame) {
            DataType t = Vectors.fieldOf(v).dataType();
            ColumnKind kind = ColumnKind.of(v);
            boolean[] valid = ColumnData.validity(v, n, null);
            switch (t.id()) {
                case INT8:
                case INT16:
                case INT32:
                case INT64:
                case DATE: {
                    long[] keys = ColumnData.loadLongs(v, kind, n, null);
                    return new RangeKey(n, valid, keys, null, 0, descending, nullsFirst);
                }
                case DECIMAL: {
                    ArrowBuf d = v.getDataBuffer();
                    long[] keys = new long[Math.max(n, 1)];
                    boolean narrow = true;
                    for (int i = 0; i < n; i++) {
                        long lo = d.getLong((long) i << 4);
                        long hi = d.getLong(((long) i << 4) + 8);
                        keys[i] = lo;
                        if (hi != (lo >> 63) && (valid == null || valid[i])) {
                            narrow = false;
                        }
                    }
                    if (narrow) {
                        return new RangeKey(n, valid, keys, null, t.scale(), descending, nullsFirst);
                    }
                    double[] dv = ColumnData.loadDoubles(v, kind, t.scale(), n, null);
                    return new RangeKey(n, valid, null, dv, 0, descending, nullsFirst);
                }
                case FLOAT32:
                case FLOAT64: {
                    double[] dv = ColumnData.loadDoubles(v, kind, 0, n, null);
                    return new RangeKey(n, valid, null, dv, 0, descending, nullsFirst);
                }
                default:
                    throw new DaftException("window frame " + frame + " needs a numeric or date ORDER BY column, but '"
                            + v.getName() + "' is " + t);
            }
        }

        /** Writes the bound for every row; {@code k} is the offset in the key's units (days for dates). */
        void bound(boolean preceding, double k, boolean isStart, WindowLayout l, int[] out) {
            int ps = 0;
            while (ps < n) {
                int pe = l.partEnd[ps];
                // this partition's null rows are one block at its start or end (the batch is sorted)
                int nulls = 0;
                if (valid != null) {
                    for (int i = ps; i < pe; i++) {
                        if (!valid[i]) {
                            nulls++;
                        }
                    }
                }
                int a = nullsFirst ? ps + nulls : ps;
                int b = nullsFirst ? pe : pe - nulls;
                // null rows: their bounded frame ends are their peer group's
                for (int i = ps; i < pe; i++) {
                    if (i < a || i >= b) {
                        out[i] = isStart ? l.peerStart[i] : l.peerEnd[i];
                    }
                }
                if (longs != null) {
                    searchLongs(preceding, k, isStart, a, b, out);
                } else {
                    searchDoubles(preceding, k, isStart, a, b, l, out);
                }
                ps = pe;
            }
        }

        /** Integer keys: exact arithmetic. Keys are integral, so |key - x| <= k iff |key - x| <= floor(k). */
        private void searchLongs(boolean preceding, double k, boolean isStart, int a, int b, int[] out) {
            long dk;
            if (scale > 0) {
                BigDecimal scaled = BigDecimal.valueOf(k).movePointRight(scale).setScale(0, RoundingMode.FLOOR);
                dk = scaled.unscaledValue().bitLength() < 63 ? scaled.longValueExact() : Long.MAX_VALUE;
            } else {
                dk = k >= 0x1p62 ? Long.MAX_VALUE : (long) Math.floor(k);
            }
            long delta = preceding ? -dk : dk;
            long[] key = longs;
            int p = a;
            // ascending view of the key: descending columns use ~key (order-reversing, no overflow)
            if (!descending) {
                for (int i = a; i < b; i++) {
                    long target = saturatingAdd(key[i], delta);
                    if (isStart) {
                        while (p < b && key[p] < target) {
                            p++;
                        }
                    } else {
                        while (p < b && key[p] <= target) {
                            p++;
                        }
                    }
                    out[i] = p;
                }
            } else {
                for (int i = a; i < b; i++) {
                    long target = saturatingAdd(~key[i], delta);
                    if (isStart) {
                        while (p < b && ~key[p] < target) {
                            p++;
                        }
                    } else {
                        while (p < b && ~key[p] <= target) {
                            p++;
                        }
                    }
                    out[i] = p;
                }
            }
        }

        private static long saturatingAdd(long x, long d) {
            long r = x + d;
            if (((x ^ r) & (d ^ r)) < 0) {
                return d < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return r;
        }

        /** Float (and very wide decimal) keys; NaN rows sort above every number and are their own peers. */
        private void searchDoubles(boolean preceding, double k, boolean isStart, int a, int b, WindowLayout l, int[] out) {
            double[] key = doubles;
            // NaN rows are a block at the high end: the end of [a, b) ascending, its start descending
            int nanA;
            int nanB;
            if (!descending) {
                nanA = b;
                while (nanA > a && Double.isNaN(key[nanA - 1])) {
                    nanA--;
                }
                nanB = b;
            } else {
                nanA = a;
                nanB = a;
                while (nanB < b && Double.isNaN(key[nanB])) {
                    nanB++;
                }
            }
            for (int i = nanA; i < nanB; i++) {
                out[i] = isStart ? l.peerStart[i] : l.peerEnd[i];
            }
            int lo = descending ? nanB : a;
            int hi = descending ? b : nanA;
            double delta = preceding ? -k : k;
            int p = lo;
            double sign = descending ? -1.0 : 1.0;
            for (int i = lo; i < hi; i++) {
                double target = sign * key[i] + delta;
                if (isStart) {
                    while (p < hi && sign * key[p] < target) {
                        p++;
                    }
                } else {
                    while (p < hi && sign * key[p] <= target) {
                        p++;
                    }
                }
                out[i] = p;
            }
        }
    }
}
