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
            return finish(op, compare(a, b, common, n, va, vb, where), va, vb, n, name);
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
