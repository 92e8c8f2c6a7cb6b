package io.daft.ops.agg;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.dsl.AggOp;
import io.daft.ops.ColumnData;
import io.daft.ops.ColumnKind;
import io.daft.ops.hash.EncodedKeys;
import io.daft.ops.hash.GroupTable;
import io.daft.ops.hash.KeyEncoder;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The accumulator implementations, one per (op, physical input kind). */
final class Accumulators {
    private Accumulators() {
    }

    static Accumulator create(AggSpec spec) {
        AggOp op = spec.op();
        DataType in = spec.inputType();
        switch (op) {
            case COUNT_ALL:
                return new Count(spec, true);
            case COUNT:
                return new Count(spec, false);
            case COUNT_DISTINCT:
                return new CountDistinct(spec);
            case SUM: {
                DataType out = spec.resultType();
                if (out.id() == TypeId.DECIMAL) {
                    return new SumDecimal(spec);
                }
                if (out.id() == TypeId.FLOAT64) {
                    return new SumDouble(spec);
                }
                return new SumLong(spec);
            }
            case MEAN:
                spec.resultType();
                return new Mean(spec);
            case STDDEV:
            case STDDEV_POP:
            case VARIANCE:
            case VAR_POP:
                spec.resultType();
                return new Variance(spec);
            case BOOL_AND:
            case BOOL_OR:
                spec.resultType();
                return new MinMaxLong(spec, op == AggOp.BOOL_AND ? MIN : MAX);
            case MIN:
            case MAX:
            case ANY_VALUE: {
                spec.resultType();
                int mode = op == AggOp.MIN ? MIN : op == AggOp.MAX ? MAX : FIRST;
                switch (in.id()) {
                    case FLOAT32:
                    case FLOAT64:
                        return new MinMaxDouble(spec, mode);
                    case DECIMAL:
                        return new MinMaxDecimal(spec, mode);
                    case UTF8:
                    case BINARY:
                        return new MinMaxBytes(spec, mode);
                    default:
                        return new MinMaxLong(spec, mode);
                }
            }
            default:
                throw new AssertionError(op);
        }
    }

    static final int MIN = 0;
    static final int MAX = 1;
    static final int FIRST = 2;

    private static boolean[] growBool(boolean[] a, int groups) {
        return a.length >= groups ? a : Arrays.copyOf(a, Accumulator.grow(a.length, groups));
    }

    private static long[] growLong(long[] a, int groups) {
        return a.length >= groups ? a : Arrays.copyOf(a, Accumulator.grow(a.length, groups));
    }

    private static double[] growDouble(double[] a, int groups) {
        return a.length >= groups ? a : Arrays.copyOf(a, Accumulator.grow(a.length, groups));
    }

    /** COUNT (non-null values) and COUNT_ALL (rows). */
    static final class Count extends Accumulator {
        private final AggSpec spec;
        private final boolean all;
        private long[] counts = new long[16];

        Count(AggSpec spec, boolean all) {
            this.spec = spec;
            this.all = all;
        }

        @Override
        long sizeBytes() {
            return counts.length * 8L;
        }

        @Override
        void ensureCapacity(int groups) {
            counts = growLong(counts, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            long[] c = counts;
            boolean[] valid = all ? null : ColumnData.validity(input, rows, null);
            if (valid == null) {
                for (int r = 0; r < rows; r++) {
                    c[gids[r]]++;
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    if (valid[r]) {
                        c[gids[r]]++;
                    }
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            long[] v = ColumnData.loadLongs(state.get(0), ColumnKind.INT64, rows, null);
            long[] c = counts;
            for (int r = 0; r < rows; r++) {
                c[gids[r]] += v[r];
            }
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeLongs(spec.stateFields().get(0), ColumnKind.INT64, counts, null, groups);
        }
    }

    /** SUM of integers or booleans into Int64, failing on overflow. */
    static final class SumLong extends Accumulator {
        private final AggSpec spec;
        private long[] sums = new long[16];
        private boolean[] seen = new boolean[16];
        private long[] buf;
        private boolean[] vbuf;

        SumLong(AggSpec spec) {
            this.spec = spec;
        }

        @Override
        long sizeBytes() {
            return sums.length * 9L;
        }

        @Override
        void ensureCapacity(int groups) {
            sums = growLong(sums, groups);
            seen = growBool(seen, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ColumnKind kind = ColumnKind.of(input);
            if (kind == ColumnKind.NULL) {
                return;
            }
            long[] s = sums;
            boolean[] sn = seen;
            if (kind == ColumnKind.INT64) {
                // straight from the Arrow buffer: no copy, no validity array
                ArrowBuf d = input.getDataBuffer();
                boolean nulls = input.getNullCount() > 0;
                ArrowBuf vb = input.getValidityBuffer();
                try {
                    for (int r = 0; r < rows; r++) {
                        if (!nulls || BitVectorHelper.get(vb, r) != 0) {
                            int g = gids[r];
                            s[g] = Math.addExact(s[g], d.getLong((long) r << 3));
                            sn[g] = true;
                        }
                    }
                } catch (ArithmeticException e) {
                    throw new DaftException("sum '" + spec.outputName() + "' overflows Int64");
                }
                return;
            }
            long[] v = buf = ColumnData.loadLongs(input, kind, rows, buf);
            boolean[] valid = vbuf = ColumnData.validity(input, rows, vbuf);
            try {
                for (int r = 0; r < rows; r++) {
                    if (valid == null || valid[r]) {
                        int g = gids[r];
                        s[g] = Math.addExact(s[g], v[r]);
                        sn[g] = true;
                    }
                }
            } catch (ArithmeticException e) {
                throw new DaftException("sum '" + spec.outputName() + "' overflows Int64");
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeLongs(spec.resultField(), ColumnKind.INT64, sums, seen, groups);
        }
    }

    /** SUM of floats into Float64. */
    static final class SumDouble extends Accumulator {
        private final AggSpec spec;
        private double[] sums = new double[16];
        private boolean[] seen = new boolean[16];
        private double[] buf;
        private boolean[] vbuf;

        SumDouble(AggSpec spec) {
            this.spec = spec;
        }

        @Override
        long sizeBytes() {
            return sums.length * 9L;
        }

        @Override
        void ensureCapacity(int groups) {
            sums = growDouble(sums, groups);
            seen = growBool(seen, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ColumnKind kind = ColumnKind.of(input);
            if (kind == ColumnKind.NULL) {
                return;
            }
            double[] s = sums;
            boolean[] sn = seen;
            if (kind == ColumnKind.FLOAT64) {
                // straight from the Arrow buffer: no copy, no validity array
                ArrowBuf d = input.getDataBuffer();
                boolean nulls = input.getNullCount() > 0;
                ArrowBuf vb = input.getValidityBuffer();
                for (int r = 0; r < rows; r++) {
                    if (!nulls || BitVectorHelper.get(vb, r) != 0) {
                        int g = gids[r];
                        s[g] += d.getDouble((long) r << 3);
                        sn[g] = true;
                    }
                }
                return;
            }
            double[] v = buf = ColumnData.loadDoubles(input, kind, 0, rows, buf);
            boolean[] valid = vbuf = ColumnData.validity(input, rows, vbuf);
            for (int r = 0; r < rows; r++) {
                if (valid == null || valid[r]) {
                    int g = gids[r];
                    s[g] += v[r];
                    sn[g] = true;
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeDoubles(spec.resultField(), ColumnKind.FLOAT64, sums, seen, groups);
        }
    }

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

    /** Signed 128-bit compare of (hiA, loA) with (hiB, loB). */
    static int compare128(long hiA, long loA, long hiB, long loB) {
        if (hiA != hiB) {
            return Long.compare(hiA, hiB);
        }
        return Long.compareUnsigned(loA, loB);
    }

    /** SUM of decimals into Decimal(38, s), with 128-bit accumulators; fails beyond 38 digits. */
    static final class SumDecimal extends Accumulator {
        private final AggSpec spec;
        private long[] lo = new long[16];
        private long[] hi = new long[16];
        private boolean[] seen = new boolean[16];

        SumDecimal(AggSpec spec) {
            this.spec = spec;
        }

        @Override
        long sizeBytes() {
            return lo.length * 17L;
        }

        @Override
        void ensureCapacity(int groups) {
            lo = growLong(lo, groups);
            hi = growLong(hi, groups);
            seen = growBool(seen, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            if (ColumnKind.of(input) == ColumnKind.NULL) {
                return;
            }
            ArrowBuf d = input.getDataBuffer();
            ArrowBuf vb = input.getValidityBuffer();
            boolean nulls = input.getNullCount() > 0;
            long[] l = lo;
            long[] h = hi;
            boolean[] sn = seen;
            for (int r = 0; r < rows; r++) {
                if (nulls && BitVectorHelper.get(vb, r) == 0) {
                    continue;
                }
                int g = gids[r];
                long alo = d.getLong((long) r << 4);
                long ahi = d.getLong(((long) r << 4) + 8);
                long nlo = l[g] + alo;
                long carry = Long.compareUnsigned(nlo, alo) < 0 ? 1 : 0;
                long nhi = h[g] + ahi + carry;
                // a high word strictly between the bounds' high words is in range whatever the low word: one
                // well-predicted test per row, the exact comparison only near the bounds
                if ((nhi >= MAX38_HI || nhi <= MIN38_HI) && outOfRange(nhi, nlo)) {
                    throw new DaftException("sum '" + spec.outputName() + "' overflows " + spec.resultType());
                }
                l[g] = nlo;
                h[g] = nhi;
                sn[g] = true;
            }
        }

        private static boolean outOfRange(long hi, long lo) {
            return compare128(hi, lo, MAX38_HI, MAX38_LO) > 0 || compare128(hi, lo, MIN38_HI, MIN38_LO) < 0;
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeDecimals(spec.resultField(), lo, hi, seen, groups);
        }
    }

    private static int scaleOf(DataType t) {
        return t.id() == TypeId.DECIMAL ? t.scale() : 0;
    }

    /** MEAN: sum (as double) and count. */
    static final class Mean extends Accumulator {
        private final AggSpec spec;
        private final int scale;
        private double[] sums = new double[16];
        private long[] counts = new long[16];
        private double[] buf;
        private boolean[] vbuf;

        Mean(AggSpec spec) {
            this.spec = spec;
            this.scale = scaleOf(spec.inputType());
        }

        @Override
        long sizeBytes() {
            return sums.length * 16L;
        }

        @Override
        void ensureCapacity(int groups) {
            sums = growDouble(sums, groups);
            counts = growLong(counts, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ColumnKind kind = ColumnKind.of(input);
            if (kind == ColumnKind.NULL) {
                return;
            }
            double[] v = buf = ColumnData.loadDoubles(input, kind, scale, rows, buf);
            boolean[] valid = vbuf = ColumnData.validity(input, rows, vbuf);
            double[] s = sums;
            long[] c = counts;
            for (int r = 0; r < rows; r++) {
                if (valid == null || valid[r]) {
                    int g = gids[r];
                    s[g] += v[r];
                    c[g]++;
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            FieldVector sumCol = state.get(0);
            double[] v = ColumnData.loadDoubles(sumCol, ColumnKind.FLOAT64, 0, rows, null);
            boolean[] valid = ColumnData.validity(sumCol, rows, null);
            long[] n = ColumnData.loadLongs(state.get(1), ColumnKind.INT64, rows, null);
            for (int r = 0; r < rows; r++) {
                int g = gids[r];
                if (valid == null || valid[r]) {
                    sums[g] += v[r];
                }
                counts[g] += n[r];
            }
        }

        @Override
        List<FieldVector> state(int groups) {
            ensureCapacity(groups);
            List<Field> f = spec.stateFields();
            boolean[] seen = new boolean[groups];
            for (int g = 0; g < groups; g++) {
                seen[g] = counts[g] > 0;
            }
            return List.of(ColumnData.storeDoubles(f.get(0), ColumnKind.FLOAT64, sums, seen, groups),
                    ColumnData.storeLongs(f.get(1), ColumnKind.INT64, counts, null, groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            double[] out = new double[groups];
            boolean[] valid = new boolean[groups];
            for (int g = 0; g < groups; g++) {
                if (counts[g] > 0) {
                    out[g] = sums[g] / counts[g];
                    valid[g] = true;
                }
            }
            return ColumnData.storeDoubles(spec.resultField(), ColumnKind.FLOAT64, out, valid, groups);
        }
    }

    /** Sample/population variance and standard deviation: Welford per row, Chan's formula to merge. */
    static final class Variance extends Accumulator {
        private final AggSpec spec;
        private final int scale;
        private long[] counts = new long[16];
        private double[] means = new double[16];
        private double[] m2s = new double[16];
        private double[] buf;
        private boolean[] vbuf;

        Variance(AggSpec spec) {
            this.spec = spec;
            this.scale = scaleOf(spec.inputType());
        }

        @Override
        long sizeBytes() {
            return counts.length * 24L;
        }

        @Override
        void ensureCapacity(int groups) {
            counts = growLong(counts, groups);
            means = growDouble(means, groups);
            m2s = growDouble(m2s, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ColumnKind kind = ColumnKind.of(input);
            if (kind == ColumnKind.NULL) {
                return;
            }
            double[] v = buf = ColumnData.loadDoubles(input, kind, scale, rows, buf);
            boolean[] valid = vbuf = ColumnData.validity(input, rows, vbuf);
            long[] c = counts;
            double[] mean = means;
            double[] m2 = m2s;
            for (int r = 0; r < rows; r++) {
                if (valid == null || valid[r]) {
                    int g = gids[r];
                    double x = v[r];
                    long n = ++c[g];
                    double delta = x - mean[g];
                    mean[g] += delta / n;
                    m2[g] += delta * (x - mean[g]);
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            long[] nb = ColumnData.loadLongs(state.get(0), ColumnKind.INT64, rows, null);
            double[] mb = ColumnData.loadDoubles(state.get(1), ColumnKind.FLOAT64, 0, rows, null);
            double[] qb = ColumnData.loadDoubles(state.get(2), ColumnKind.FLOAT64, 0, rows, null);
            for (int r = 0; r < rows; r++) {
                long b = nb[r];
                if (b == 0) {
                    continue;
                }
                int g = gids[r];
                long a = counts[g];
                if (a == 0) {
                    counts[g] = b;
                    means[g] = mb[r];
                    m2s[g] = qb[r];
                    continue;
                }
                long n = a + b;
                double delta = mb[r] - means[g];
                means[g] += delta * ((double) b / n);
                m2s[g] += qb[r] + delta * delta * ((double) a * b / n);
                counts[g] = n;
            }
        }

        @Override
        List<FieldVector> state(int groups) {
            ensureCapacity(groups);
            List<Field> f = spec.stateFields();
            boolean[] seen = new boolean[groups];
            for (int g = 0; g < groups; g++) {
                seen[g] = counts[g] > 0;
            }
            return List.of(ColumnData.storeLongs(f.get(0), ColumnKind.INT64, counts, null, groups),
                    ColumnData.storeDoubles(f.get(1), ColumnKind.FLOAT64, means, seen, groups),
                    ColumnData.storeDoubles(f.get(2), ColumnKind.FLOAT64, m2s, seen, groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            boolean sample = spec.op() == AggOp.STDDEV || spec.op() == AggOp.VARIANCE;
            boolean sqrt = spec.op() == AggOp.STDDEV || spec.op() == AggOp.STDDEV_POP;
            double[] out = new double[groups];
            boolean[] valid = new boolean[groups];
            for (int g = 0; g < groups; g++) {
                long n = counts[g];
                if (n < (sample ? 2 : 1)) {
                    continue;
                }
                double var = Math.max(0.0, m2s[g]) / (sample ? n - 1 : n);
                out[g] = sqrt ? Math.sqrt(var) : var;
                valid[g] = true;
            }
            return ColumnData.storeDoubles(spec.resultField(), ColumnKind.FLOAT64, out, valid, groups);
        }
    }

    /** MIN/MAX/ANY_VALUE of integer-like values (and BOOL_AND = min, BOOL_OR = max of booleans). */
    static final class MinMaxLong extends Accumulator {
        private final AggSpec spec;
        private final int mode;
        private long[] vals = new long[16];
        private boolean[] seen = new boolean[16];
        private long[] buf;
        private boolean[] vbuf;

        MinMaxLong(AggSpec spec, int mode) {
            this.spec = spec;
            this.mode = mode;
        }

        @Override
        long sizeBytes() {
            return vals.length * 9L;
        }

        @Override
        void ensureCapacity(int groups) {
            vals = growLong(vals, groups);
            seen = growBool(seen, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ColumnKind kind = ColumnKind.of(input);
            if (kind == ColumnKind.NULL) {
                return;
            }
            long[] v = buf = ColumnData.loadLongs(input, kind, rows, buf);
            boolean[] valid = vbuf = ColumnData.validity(input, rows, vbuf);
            long[] cur = vals;
            boolean[] sn = seen;
            if (mode == MIN) {
                for (int r = 0; r < rows; r++) {
                    if (valid == null || valid[r]) {
                        int g = gids[r];
                        if (!sn[g] || v[r] < cur[g]) {
                            cur[g] = v[r];
                            sn[g] = true;
                        }
                    }
                }
            } else if (mode == MAX) {
                for (int r = 0; r < rows; r++) {
                    if (valid == null || valid[r]) {
                        int g = gids[r];
                        if (!sn[g] || v[r] > cur[g]) {
                            cur[g] = v[r];
                            sn[g] = true;
                        }
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    if ((valid == null || valid[r]) && !sn[gids[r]]) {
                        cur[gids[r]] = v[r];
                        sn[gids[r]] = true;
                    }
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            Field f = spec.resultField();
            if (f.dataType().id() == TypeId.NULL) {
                return Vectors.nulls(f, groups);
            }
            FieldVector probe = Vectors.allocate(f, 0);
            ColumnKind kind;
            try {
                kind = ColumnKind.of(probe);
            } finally {
                probe.close();
            }
            return ColumnData.storeLongs(f, kind, vals, seen, groups);
        }
    }

    /** MIN/MAX/ANY_VALUE of floats; NaN is the largest value (as in DuckDB and Postgres). */
    static final class MinMaxDouble extends Accumulator {
        private final AggSpec spec;
        private final int mode;
        private double[] vals = new double[16];
        private boolean[] seen = new boolean[16];
        private double[] buf;
        private boolean[] vbuf;

        MinMaxDouble(AggSpec spec, int mode) {
            this.spec = spec;
            this.mode = mode;
        }

        @Override
        long sizeBytes() {
            return vals.length * 9L;
        }

        @Override
        void ensureCapacity(int groups) {
            vals = growDouble(vals, groups);
            seen = growBool(seen, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ColumnKind kind = ColumnKind.of(input);
            double[] v = buf = ColumnData.loadDoubles(input, kind, 0, rows, buf);
            boolean[] valid = vbuf = ColumnData.validity(input, rows, vbuf);
            double[] cur = vals;
            boolean[] sn = seen;
            for (int r = 0; r < rows; r++) {
                if (valid == null || valid[r]) {
                    int g = gids[r];
                    double x = v[r];
                    // Double.compare orders NaN above +Infinity: the SQL order we want
                    boolean take = !sn[g] || (mode == MIN ? Double.compare(x, cur[g]) < 0
                            : mode == MAX && Double.compare(x, cur[g]) > 0);
                    if (take) {
                        cur[g] = x;
                        sn[g] = true;
                    }
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            Field f = spec.resultField();
            ColumnKind kind = f.dataType().id() == TypeId.FLOAT32 ? ColumnKind.FLOAT32 : ColumnKind.FLOAT64;
            return ColumnData.storeDoubles(f, kind, vals, seen, groups);
        }
    }

    /** MIN/MAX/ANY_VALUE of decimals (signed 128-bit compare; same scale throughout). */
    static final class MinMaxDecimal extends Accumulator {
        private final AggSpec spec;
        private final int mode;
        private long[] lo = new long[16];
        private long[] hi = new long[16];
        private boolean[] seen = new boolean[16];

        MinMaxDecimal(AggSpec spec, int mode) {
            this.spec = spec;
            this.mode = mode;
        }

        @Override
        long sizeBytes() {
            return lo.length * 17L;
        }

        @Override
        void ensureCapacity(int groups) {
            lo = growLong(lo, groups);
            hi = growLong(hi, groups);
            seen = growBool(seen, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            ArrowBuf d = input.getDataBuffer();
            ArrowBuf vb = input.getValidityBuffer();
            boolean nulls = input.getNullCount() > 0;
            for (int r = 0; r < rows; r++) {
                if (nulls && BitVectorHelper.get(vb, r) == 0) {
                    continue;
                }
                int g = gids[r];
                long xl = d.getLong((long) r << 4);
                long xh = d.getLong(((long) r << 4) + 8);
                boolean take = !seen[g] || (mode == MIN ? compare128(xh, xl, hi[g], lo[g]) < 0
                        : mode == MAX && compare128(xh, xl, hi[g], lo[g]) > 0);
                if (take) {
                    lo[g] = xl;
                    hi[g] = xh;
                    seen[g] = true;
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeDecimals(spec.resultField(), lo, hi, seen, groups);
        }
    }

    /** MIN/MAX/ANY_VALUE of UTF8/BINARY by unsigned byte order (= code point order for UTF-8). */
    static final class MinMaxBytes extends Accumulator {
        private final AggSpec spec;
        private final int mode;
        private byte[][] vals = new byte[16][];
        private int[] lens = new int[16];
        private byte[] scratch = new byte[64];
        /** Bytes of the per-group value arrays (with their headers), for memory accounting. */
        private long valueBytes;

        MinMaxBytes(AggSpec spec, int mode) {
            this.spec = spec;
            this.mode = mode;
        }

        @Override
        long sizeBytes() {
            return vals.length * 12L + valueBytes;
        }

        @Override
        void ensureCapacity(int groups) {
            if (vals.length < groups) {
                int n = grow(vals.length, groups);
                vals = Arrays.copyOf(vals, n);
                lens = Arrays.copyOf(lens, n);
            }
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            if (ColumnKind.of(input) == ColumnKind.NULL) {
                return;
            }
            ArrowBuf d = input.getDataBuffer();
            ArrowBuf off = input.getOffsetBuffer();
            ArrowBuf vb = input.getValidityBuffer();
            boolean nulls = input.getNullCount() > 0;
            for (int r = 0; r < rows; r++) {
                if (nulls && BitVectorHelper.get(vb, r) == 0) {
                    continue;
                }
                int g = gids[r];
                byte[] cur = vals[g];
                if (cur != null && mode == FIRST) {
                    continue;
                }
                int start = off.getInt((long) r << 2);
                int len = off.getInt((long) (r + 1) << 2) - start;
                if (scratch.length < len) {
                    scratch = new byte[Math.max(len, scratch.length * 2)];
                }
                d.getBytes(start, scratch, 0, len);
                if (cur != null) {
                    int c = Arrays.compareUnsigned(scratch, 0, len, cur, 0, lens[g]);
                    if (mode == MIN ? c >= 0 : c <= 0) {
                        continue;
                    }
                }
                if (cur == null || cur.length < len) {
                    valueBytes += Math.max(len, 8) + 16L - (cur == null ? 0 : cur.length + 16L);
                    cur = new byte[Math.max(len, 8)];
                    vals[g] = cur;
                }
                System.arraycopy(scratch, 0, cur, 0, len);
                lens[g] = len;
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        @Override
        List<FieldVector> state(int groups) {
            return List.of(result(groups));
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeBytes(spec.resultField(), vals, lens, groups);
        }
    }

    /**
     * COUNT(DISTINCT x): a second hash table keyed by (group id, value). Its partial state is the set of distinct
     * non-null values per group, kept as Arrow chunks with their group ids, so a spilling aggregation can write the
     * set out as rows (one distinct value each) and a FINAL aggregation merge it back ({@link #merge} counts values
     * as {@link #update} does, duplicates once).
     */
    static final class CountDistinct extends Accumulator {
        private final AggSpec spec;
        private final GroupTable seenPairs = new GroupTable(1024);
        private long[] counts = new long[16];
        private int[] gidBuf = new int[0];
        private int[] newBuf = new int[0];
        /** The distinct non-null values seen, in chunks, and the group id of each (in order across chunks). */
        private final List<FieldVector> values = new ArrayList<>();
        private int[] valueGroups = new int[16];
        private int valueCount;
        private long valueBytes;

        CountDistinct(AggSpec spec) {
            this.spec = spec;
        }

        @Override
        long sizeBytes() {
            return counts.length * 8L + seenPairs.sizeBytes() + valueGroups.length * 4L;
        }

        @Override
        long arrowBytes() {
            return valueBytes;
        }

        @Override
        long emitBytes() {
            return counts.length * 8L;
        }

        @Override
        void ensureCapacity(int groups) {
            counts = growLong(counts, groups);
        }

        @Override
        void update(FieldVector input, int[] gids, int rows) {
            EncodedKeys keys = KeyEncoder.encode(List.of(input), rows);
            if (gidBuf.length < rows) {
                gidBuf = new int[rows];
                newBuf = new int[rows];
            }
            int created = seenPairs.findOrInsert(keys, gids, gidBuf, newBuf);
            int kept = 0;
            for (int i = 0; i < created; i++) {
                int r = newBuf[i];
                if (!keys.hasNull(r)) {
                    counts[gids[r]]++;
                    newBuf[kept++] = r;
                }
            }
            if (kept > 0) {
                FieldVector v = Vectors.take(input, newBuf, kept);
                values.add(v);
                valueBytes += Vectors.sizeBytes(v);
                if (valueGroups.length < valueCount + kept) {
                    valueGroups = Arrays.copyOf(valueGroups, Accumulator.grow(valueGroups.length, valueCount + kept));
                }
                for (int i = 0; i < kept; i++) {
                    valueGroups[valueCount++] = gids[newBuf[i]];
                }
            }
        }

        @Override
        void merge(List<FieldVector> state, int[] gids, int rows) {
            update(state.get(0), gids, rows);
        }

        /** A column of nulls: the values travel in rows of their own ({@link #values}). */
        @Override
        List<FieldVector> state(int groups) {
            return List.of(Vectors.nulls(spec.stateFields().get(0), groups));
        }

        /** The distinct values, in chunks (still owned by this accumulator). */
        List<FieldVector> values() {
            return values;
        }

        /** The group id of each value in {@link #values}, in order. */
        int[] valueGroups() {
            return valueGroups;
        }

        @Override
        FieldVector result(int groups) {
            ensureCapacity(groups);
            return ColumnData.storeLongs(spec.resultField(), ColumnKind.INT64, counts, null, groups);
        }

        @Override
        void close() {
            values.forEach(FieldVector::close);
            values.clear();
            valueBytes = 0;
        }
    }
}
