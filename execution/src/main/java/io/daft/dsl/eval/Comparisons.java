package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.TypeRules;
import org.apache.arrow.vector.FieldVector;

import java.math.BigInteger;

/**
 * Comparison kernels. Both sides are widened to their common type ({@link TypeRules#commonSuperType}), then compared
 * by physical type: longs (integers, dates, timestamps in one unit, decimals of at most 18 digits at one scale),
 * doubles (NaN equals NaN and sorts above every number, -0.0 equals 0.0, as DuckDB), big decimals, and unsigned
 * bytes for strings and binaries (for UTF-8 that is code point order).
 */
public final class Comparisons {
    private Comparisons() {
    }

    public static FieldVector eval(BinaryOp op, FieldVector l, FieldVector r, DataType lt, DataType rt, String name, Object where) {
        int n = l.getValueCount();
        DataType common = TypeRules.commonSuperType(lt, rt, where);
        byte[] va = Columns.validity(l, n);
        byte[] vb = Columns.validity(r, n);
        if (common.id() == TypeId.NULL) {
            return finish(op, new int[n], va, vb, n, name);
        }
        try (FieldVector a = Casts.cast(l, common, where); FieldVector b = Casts.cast(r, common, where)) {
            if (common.isNested()) {
                // lists, maps and structs compare as their normalized keys (DuckDB's order and equality)
                try (FieldVector ka = io.daft.ops.NestedKeys.keys(a, common, n, "l");
                     FieldVector kb = io.daft.ops.NestedKeys.keys(b, common, n, "r")) {
                    return finish(op, compare(ka, kb, DataType.BINARY, n, va, vb, where), va, vb, n, name);
                }
            }
            byte[] bits = op == BinaryOp.EQ_NULL_SAFE ? null : directBits(op, a, b, common, n);
            if (bits != null) {
                return Columns.fromBits(name, bits, Columns.and(va, vb), n);
            }
            return finish(op, compare(a, b, common, n, va, vb, where), va, vb, n, name);
        }
    }

    private static boolean longLike(TypeId t) {
        return t.isInteger() || t == TypeId.DATE || t == TypeId.TIMESTAMP;
    }

    private static boolean hasNaN(double[] x) {
        boolean nan = false;
        for (double d : x) {
            nan |= d != d;
        }
        return nan;
    }

    /** Bits straight from the values for the common physical types; null where the generic path is needed. */
    private static byte[] directBits(BinaryOp op, FieldVector a, FieldVector b, DataType type, int n) {
        if (longLike(type.id()) || (type.id() == TypeId.DECIMAL && type.precision() <= 18)) {
            boolean dec = type.id() == TypeId.DECIMAL;
            return longBits(op, dec ? Columns.decimalLongs(a, n) : Columns.longs(a, n), dec ? Columns.decimalLongs(b, n) : Columns.longs(b, n), n);
        }
        if (type.isFloating()) {
            double[] x = Columns.doubles(a, n);
            double[] y = Columns.doubles(b, n);
            if (!hasNaN(x) && !hasNaN(y)) {
                return doubleBits(op, x, y, n); // primitive comparisons are DuckDB's order when there is no NaN
            }
        }
        return null;
    }

    /**
     * {@code column op literal} (or {@code literal op column} when {@code literalOnLeft}) without broadcasting the
     * literal: the column is widened if needed and compared with one scalar. Null if this shape has no fast path.
     */
    public static FieldVector evalScalar(BinaryOp op, FieldVector column, DataType columnType, io.daft.dsl.Literal literal,
                                         boolean literalOnLeft, String name, Object where) {
        if (!scalarApplicable(op, columnType, literal, where)) {
            return null;
        }
        DataType common = TypeRules.commonSuperType(columnType, literal.type(), where);
        boolean dec = common.id() == TypeId.DECIMAL && common.precision() <= 18;
        if (literalOnLeft) {
            op = flip(op);
        }
        int n = column.getValueCount();
        byte[] bits;
        try (FieldVector one = Literals.toVector(literal, 1); FieldVector s = Casts.cast(one, common, where);
             FieldVector c = Casts.cast(column, common, where)) {
            if (common.id() == TypeId.UTF8) {
                bits = utf8ScalarBits(op, Columns.strings(c, n), Columns.strings(s, 1), n);
            } else if (common.isFloating()) {
                double sv = Columns.doubles(s, 1)[0];
                double[] x = Columns.doubles(c, n);
                if (sv != sv || hasNaN(x)) {
                    return null;
                }
                bits = doubleScalarBits(op, x, sv, n);
            } else if (dec) {
                bits = longScalarBits(op, Columns.decimalLongs(c, n), Columns.decimalLongs(s, 1)[0], n);
            } else {
                bits = longScalarBits(op, Columns.longs(c, n), Columns.longs(s, 1)[0], n);
            }
        }
        return Columns.fromBits(name, bits, Columns.validity(column, n), n);
    }

    /** Whether {@link #evalScalar} handles this shape (decided from types alone, before evaluating anything). */
    public static boolean scalarApplicable(BinaryOp op, DataType columnType, io.daft.dsl.Literal literal, Object where) {
        if (op == BinaryOp.EQ_NULL_SAFE || literal.isNullValue() || columnType.isNested()) {
            return false;
        }
        DataType common = TypeRules.commonSuperType(columnType, literal.type(), where);
        return longLike(common.id()) || common.isFloating() || common.id() == TypeId.UTF8
                || (common.id() == TypeId.DECIMAL && common.precision() <= 18);
    }

    private static byte[] utf8ScalarBits(BinaryOp op, Utf8Column x, Utf8Column s, int n) {
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        byte[] sd = s.data;
        int sl = s.length(0);
        boolean eq = op == BinaryOp.EQ || op == BinaryOp.NEQ;
        for (int i = 0; i < n; i++) {
            int st = x.offsets[i];
            int en = x.offsets[i + 1];
            boolean r;
            if (eq) {
                r = (en - st == sl && java.util.Arrays.equals(x.data, st, en, sd, 0, sl)) == (op == BinaryOp.EQ);
            } else {
                int c = java.util.Arrays.compareUnsigned(x.data, st, en, sd, 0, sl);
                r = op == BinaryOp.LT ? c < 0 : op == BinaryOp.LTE ? c <= 0 : op == BinaryOp.GT ? c > 0 : c >= 0;
            }
            if (r) {
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return bits;
    }

    private static BinaryOp flip(BinaryOp op) {
        switch (op) {
            case LT: return BinaryOp.GT;
            case LTE: return BinaryOp.GTE;
            case GT: return BinaryOp.LT;
            case GTE: return BinaryOp.LTE;
            default: return op;
        }
    }

    /** Bitmap of {@code x op y}, eight rows per stored byte. */
    static byte[] longBits(BinaryOp op, long[] x, long[] y, int n) {
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        switch (op) {
            case EQ:
            case EQ_NULL_SAFE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] == y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case NEQ:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] != y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] < y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] <= y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] > y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] >= y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            default:
                throw new AssertionError(op);
        }
    }

    /** Bitmap of {@code x op s}, eight rows per stored byte. */
    static byte[] longScalarBits(BinaryOp op, long[] x, long s, int n) {
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        switch (op) {
            case EQ:
            case EQ_NULL_SAFE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] == s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case NEQ:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] != s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] < s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] <= s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] > s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] >= s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            default:
                throw new AssertionError(op);
        }
    }

    /** Bitmap of {@code x op y}, eight rows per stored byte. */
    static byte[] doubleBits(BinaryOp op, double[] x, double[] y, int n) {
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        switch (op) {
            case EQ:
            case EQ_NULL_SAFE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] == y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case NEQ:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] != y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] < y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] <= y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] > y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] >= y[i] ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            default:
                throw new AssertionError(op);
        }
    }

    /** Bitmap of {@code x op s}, eight rows per stored byte. */
    static byte[] doubleScalarBits(BinaryOp op, double[] x, double s, int n) {
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        switch (op) {
            case EQ:
            case EQ_NULL_SAFE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] == s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case NEQ:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] != s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] < s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case LTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] <= s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GT:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] > s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            case GTE:
                for (int base = 0; base < n; base += 8) {
                    int lim = Math.min(8, n - base);
                    int b = 0;
                    for (int k = 0, i = base; k < lim; k++, i++) {
                        b |= (x[i] >= s ? 1 : 0) << k;
                    }
                    bits[base >>> 3] = (byte) b;
                }
                return bits;
            default:
                throw new AssertionError(op);
        }
    }


    /** Row-wise three-way comparison of two columns of the same type (values under nulls are unspecified). */
    public static int[] compare(FieldVector a, FieldVector b, DataType type, int n, byte[] va, byte[] vb, Object where) {
        int[] c = new int[n];
        switch (type.id()) {
            case INT8: case INT16: case INT32: case INT64: case DATE: case TIMESTAMP: {
                long[] x = Columns.longs(a, n);
                long[] y = Columns.longs(b, n);
                for (int i = 0; i < n; i++) {
                    c[i] = Long.compare(x[i], y[i]);
                }
                return c;
            }
            case BOOLEAN: {
                byte[] x = Columns.bits(a, n);
                byte[] y = Columns.bits(b, n);
                for (int i = 0; i < n; i++) {
                    c[i] = ((x[i >>> 3] >> (i & 7)) & 1) - ((y[i >>> 3] >> (i & 7)) & 1);
                }
                return c;
            }
            case FLOAT32: case FLOAT64: {
                double[] x = Columns.doubles(a, n);
                double[] y = Columns.doubles(b, n);
                for (int i = 0; i < n; i++) {
                    c[i] = compareDoubles(x[i], y[i]);
                }
                return c;
            }
            case DECIMAL: {
                if (type.precision() <= 18) {
                    long[] x = Columns.decimalLongs(a, n);
                    long[] y = Columns.decimalLongs(b, n);
                    for (int i = 0; i < n; i++) {
                        c[i] = Long.compare(x[i], y[i]);
                    }
                    return c;
                }
                BigInteger[] x = Columns.decimalBigs(a, n, va);
                BigInteger[] y = Columns.decimalBigs(b, n, vb);
                for (int i = 0; i < n; i++) {
                    if (x[i] != null && y[i] != null) {
                        c[i] = x[i].compareTo(y[i]);
                    }
                }
                return c;
            }
            case UTF8: case BINARY: {
                Utf8Column x = Columns.strings(a, n);
                Utf8Column y = Columns.strings(b, n);
                for (int i = 0; i < n; i++) {
                    c[i] = Utf8Column.compare(x, i, y, i);
                }
                return c;
            }
            default:
                throw new DaftException("cannot compare values of type " + type + Casts.ctx(where));
        }
    }

    /** DuckDB's total order on doubles: -0.0 = 0.0, NaN = NaN, NaN above everything. */
    public static int compareDoubles(double x, double y) {
        if (x < y) {
            return -1;
        }
        if (x > y) {
            return 1;
        }
        if (x == y) {
            return 0;
        }
        boolean xn = x != x;
        boolean yn = y != y;
        return xn == yn ? 0 : xn ? 1 : -1;
    }

    /** Turns three-way results into the boolean column of {@code op}, nulls per SQL (or never, for {@code <=>}). */
    static FieldVector finish(BinaryOp op, int[] c, byte[] va, byte[] vb, int n, String name) {
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        switch (op) {
            case EQ:
            case EQ_NULL_SAFE:
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) ((c[i] == 0 ? 1 : 0) << (i & 7));
                }
                break;
            case NEQ:
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) ((c[i] != 0 ? 1 : 0) << (i & 7));
                }
                break;
            case LT:
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) ((c[i] < 0 ? 1 : 0) << (i & 7));
                }
                break;
            case LTE:
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) ((c[i] <= 0 ? 1 : 0) << (i & 7));
                }
                break;
            case GT:
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) ((c[i] > 0 ? 1 : 0) << (i & 7));
                }
                break;
            case GTE:
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) ((c[i] >= 0 ? 1 : 0) << (i & 7));
                }
                break;
            default:
                throw new AssertionError(op);
        }
        if (op == BinaryOp.EQ_NULL_SAFE) {
            // both valid: the comparison; both null: true; one null: false
            byte[] out = new byte[bits.length];
            for (int k = 0; k < out.length; k++) {
                int both = va[k] & vb[k];
                int neither = ~va[k] & ~vb[k];
                out[k] = (byte) ((bits[k] & both) | neither);
            }
            return Columns.fromBits(name, out, Columns.allSet(n), n);
        }
        return Columns.fromBits(name, bits, Columns.and(va, vb), n);
    }
}
