package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.dsl.eval.DateTimes;
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
 * <p>Interval offsets (date and timestamp keys) move the key in time: day-time intervals by their milliseconds
 * (a date is its midnight), year-month intervals by calendar months, as DuckDB's {@code key - INTERVAL ...}.
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
        if (frame.rows() && b.unit() != FrameBound.Unit.KEY) {
            throw new DaftException("window frame " + frame + ": a ROWS offset counts rows, not an interval");
        }
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
        key.bound(b, isStart, l, out);
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
        /**
         * For interval offsets, the key's ticks per second (date keys are then held as seconds); 0 when the key is
         * not a date or timestamp held that way.
         */
        private final long ticksPerSecond;
        private final boolean descending;
        private final boolean nullsFirst;

        private RangeKey(int n, boolean[] valid, long[] longs, double[] doubles, int scale, long ticksPerSecond,
                         boolean descending, boolean nullsFirst) {
            this.n = n;
            this.valid = valid;
            this.longs = longs;
            this.doubles = doubles;
            this.scale = scale;
            this.ticksPerSecond = ticksPerSecond;
            this.descending = descending;
            this.nullsFirst = nullsFirst;
        }

        private static boolean hasInterval(WindowFrame frame) {
            return frame.start().unit() != FrameBound.Unit.KEY || frame.end().unit() != FrameBound.Unit.KEY;
        }

        static RangeKey of(FieldVector v, int n, boolean descending, boolean nullsFirst, WindowFrame frame) {
            DataType t = Vectors.fieldOf(v).dataType();
            ColumnKind kind = ColumnKind.of(v);
            boolean[] valid = ColumnData.validity(v, n, null);
            boolean interval = hasInterval(frame);
            if (interval && t.id() != io.daft.core.TypeId.DATE && t.id() != io.daft.core.TypeId.TIMESTAMP) {
                throw new DaftException("window frame " + frame + " has an interval offset, which needs a date or timestamp"
                        + " ORDER BY column, but '" + v.getName() + "' is " + t);
            }
            switch (t.id()) {
                case DATE: {
                    long[] keys = ColumnData.loadLongs(v, kind, n, null);
                    if (!interval) {
                        return new RangeKey(n, valid, keys, null, 0, 0, descending, nullsFirst);
                    }
                    // interval offsets measure time: a date is its midnight, in seconds
                    for (int i = 0; i < n; i++) {
                        keys[i] *= DateTimes.SECONDS_PER_DAY;
                    }
                    return new RangeKey(n, valid, keys, null, 0, 1, descending, nullsFirst);
                }
                case TIMESTAMP: {
                    if (!interval) {
                        throw new DaftException("window frame " + frame + " over the timestamp '" + v.getName()
                                + "' needs INTERVAL offsets");
                    }
                    long[] keys = ColumnData.loadLongs(v, kind, n, null);
                    return new RangeKey(n, valid, keys, null, 0, t.timeUnit().perSecond(), descending, nullsFirst);
                }
                case INT8:
                case INT16:
                case INT32:
                case INT64: {
                    long[] keys = ColumnData.loadLongs(v, kind, n, null);
                    return new RangeKey(n, valid, keys, null, 0, 0, descending, nullsFirst);
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
                        return new RangeKey(n, valid, keys, null, t.scale(), 0, descending, nullsFirst);
                    }
                    double[] dv = ColumnData.loadDoubles(v, kind, t.scale(), n, null);
                    return new RangeKey(n, valid, null, dv, 0, 0, descending, nullsFirst);
                }
                case FLOAT32:
                case FLOAT64: {
                    double[] dv = ColumnData.loadDoubles(v, kind, 0, n, null);
                    return new RangeKey(n, valid, null, dv, 0, 0, descending, nullsFirst);
                }
                default:
                    throw new DaftException("window frame " + frame + " needs a numeric or date ORDER BY column, but '"
                            + v.getName() + "' is " + t);
            }
        }

        /** Writes the bound {@code fb} for every row. */
        void bound(FrameBound fb, boolean isStart, WindowLayout l, int[] out) {
            boolean preceding = fb.kind() == FrameBound.Kind.PRECEDING;
            double k = fb.offset();
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
                    searchLongs(fb, isStart, a, b, out);
                } else {
                    searchDoubles(preceding, k, isStart, a, b, l, out);
                }
                ps = pe;
            }
        }

        /**
         * Integer keys (and dates and timestamps): exact arithmetic. Each row's frame end is the first row past
         * (or at) its target value, the current key moved by the offset; targets never decrease along the sorted
         * rows (adding months is monotonic too), so one pointer moves forward over the partition.
         */
        private void searchLongs(FrameBound fb, boolean isStart, int a, int b, int[] out) {
            // towards smaller keys: PRECEDING of an ascending order, FOLLOWING of a descending one
            boolean down = (fb.kind() == FrameBound.Kind.PRECEDING) != descending;
            long[] key = longs;
            long[] target = new long[b - a];
            if (fb.unit() == FrameBound.Unit.MONTHS) {
                long months = down ? -(long) fb.offset() : (long) fb.offset();
                long ticksPerDay = ticksPerSecond * DateTimes.SECONDS_PER_DAY;
                for (int i = a; i < b; i++) {
                    long day = Math.floorDiv(key[i], ticksPerDay);
                    target[i - a] = DateTimes.addMonths(day, months) * ticksPerDay + Math.floorMod(key[i], ticksPerDay);
                }
            } else {
                long dk = keyDistance(fb);
                long delta = down ? -dk : dk;
                for (int i = a; i < b; i++) {
                    target[i - a] = saturatingAdd(key[i], delta);
                }
            }
            int p = a;
            if (!descending) {
                for (int i = a; i < b; i++) {
                    long t = target[i - a];
                    if (isStart) {
                        while (p < b && key[p] < t) {
                            p++;
                        }
                    } else {
                        while (p < b && key[p] <= t) {
                            p++;
                        }
                    }
                    out[i] = p;
                }
            } else {
                for (int i = a; i < b; i++) {
                    long t = target[i - a];
                    if (isStart) {
                        while (p < b && key[p] > t) {
                            p++;
                        }
                    } else {
                        while (p < b && key[p] >= t) {
                            p++;
                        }
                    }
                    out[i] = p;
                }
            }
        }

        /**
         * The offset in key units, rounded down: keys are integral, so |key - x| <= k iff |key - x| <= floor(k).
         * Saturates at Long.MAX_VALUE.
         */
        private long keyDistance(FrameBound fb) {
            double k = fb.offset();
            if (fb.unit() == FrameBound.Unit.MILLISECONDS) {
                long ms = k >= 0x1p62 ? Long.MAX_VALUE : (long) Math.floor(k);
                try {
                    return ticksPerSecond >= 1000 ? Math.multiplyExact(ms, ticksPerSecond / 1000)
                            : Math.floorDiv(Math.multiplyExact(ms, ticksPerSecond), 1000);
                } catch (ArithmeticException tooFar) {
                    return Long.MAX_VALUE;
                }
            }
            if (scale > 0) {
                BigDecimal scaled = BigDecimal.valueOf(k).movePointRight(scale).setScale(0, RoundingMode.FLOOR);
                return scaled.unscaledValue().bitLength() < 63 ? scaled.longValueExact() : Long.MAX_VALUE;
            }
            return k >= 0x1p62 ? Long.MAX_VALUE : (long) Math.floor(k);
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
