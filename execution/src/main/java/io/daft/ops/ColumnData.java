package io.daft.ops;

import io.daft.core.Field;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

import java.math.BigDecimal;

/**
 * Type-specialised bulk loads from and stores into Arrow vectors. Kernels load a batch's column once into a
 * reusable primitive array (one branch on the type per batch, then a tight loop), compute on primitives, and
 * write results back with one loop per output column.
 */
public final class ColumnData {
    private static final double[] POW10 = new double[39];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Math.pow(10, i);
        }
    }

    private ColumnData() {
    }

    /** Whether row {@code i} is non-null. */
    public static boolean isValid(FieldVector v, int i) {
        return !(v instanceof NullVector) && BitVectorHelper.get(v.getValidityBuffer(), i) != 0;
    }

    /** Validity of rows [0, n) as booleans, or null if no row is null (the common case needs no array). */
    public static boolean[] validity(FieldVector v, int n, boolean[] reuse) {
        if (v instanceof NullVector) {
            boolean[] out = reuse != null && reuse.length >= n ? reuse : new boolean[n];
            java.util.Arrays.fill(out, 0, n, false);
            return out;
        }
        if (v.getNullCount() == 0) {
            return null;
        }
        boolean[] out = reuse != null && reuse.length >= n ? reuse : new boolean[n];
        ArrowBuf vb = v.getValidityBuffer();
        for (int i = 0; i < n; i++) {
            out[i] = BitVectorHelper.get(vb, i) != 0;
        }
        return out;
    }

    /**
     * Values of an integer-like column (BOOL, INT8..INT64, DATE, TIMESTAMP) widened to long; null slots hold
     * whatever the buffer holds.
     */
    public static long[] loadLongs(FieldVector v, ColumnKind kind, int n, long[] reuse) {
        long[] out = reuse != null && reuse.length >= n ? reuse : new long[Math.max(n, 16)];
        if (kind == ColumnKind.NULL) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        switch (kind) {
            case BOOL:
                for (int i = 0; i < n; i++) {
                    out[i] = BitVectorHelper.get(d, i);
                }
                break;
            case INT8:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getByte(i);
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getShort((long) i << 1);
                }
                break;
            case INT32:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getInt((long) i << 2);
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getLong((long) i << 3);
                }
                break;
            default:
                throw new IllegalArgumentException("not an integer column: " + kind);
        }
        return out;
    }

    /** Values of a numeric column as doubles (decimals divided by 10^scale). */
    public static double[] loadDoubles(FieldVector v, ColumnKind kind, int scale, int n, double[] reuse) {
        double[] out = reuse != null && reuse.length >= n ? reuse : new double[Math.max(n, 16)];
        if (kind == ColumnKind.NULL) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        switch (kind) {
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getFloat((long) i << 2);
                }
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getDouble((long) i << 3);
                }
                break;
            case DECIMAL: {
                double div = POW10[scale];
                for (int i = 0; i < n; i++) {
                    out[i] = int128ToDouble(d.getLong((long) i << 4), d.getLong(((long) i << 4) + 8)) / div;
                }
                break;
            }
            case INT32:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getInt((long) i << 2);
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getLong((long) i << 3);
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getShort((long) i << 1);
                }
                break;
            case INT8:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getByte(i);
                }
                break;
            case BOOL:
                for (int i = 0; i < n; i++) {
                    out[i] = BitVectorHelper.get(d, i);
                }
                break;
            default:
                throw new IllegalArgumentException("not a numeric column: " + kind);
        }
        return out;
    }

    /** The value of a signed 128-bit integer as the nearest double. */
    public static double int128ToDouble(long lo, long hi) {
        if (hi == (lo >> 63)) {
            return (double) lo; // fits in a long: one rounding
        }
        // hi * 2^64 + unsigned(lo); large values, where the low bits are below double precision anyway
        double loD = (double) (lo >>> 1) * 2.0 + (lo & 1);
        return hi * 18446744073709551616.0 + loD;
    }

    /** A new vector of the field's (integer-like) type holding {@code values[0..n)}, null where valid is false. */
    public static FieldVector storeLongs(Field field, ColumnKind kind, long[] values, boolean[] valid, int n) {
        FieldVector out = Vectors.allocate(field, n);
        if (kind == ColumnKind.NULL) {
            out.setValueCount(n);
            return out;
        }
        ArrowBuf d = out.getDataBuffer();
        ArrowBuf vb = out.getValidityBuffer();
        for (int i = 0; i < n; i++) {
            if (valid != null && !valid[i]) {
                continue;
            }
            BitVectorHelper.setBit(vb, i);
            long x = values[i];
            switch (kind) {
                case BOOL:
                    if (x != 0) {
                        BitVectorHelper.setBit(d, i);
                    }
                    break;
                case INT8: d.setByte(i, (byte) x); break;
                case INT16: d.setShort((long) i << 1, (short) x); break;
                case INT32: d.setInt((long) i << 2, (int) x); break;
                case INT64: d.setLong((long) i << 3, x); break;
                default: throw new IllegalArgumentException("not an integer column: " + kind);
            }
        }
        out.setValueCount(n);
        return out;
    }

    /** A new FLOAT32 or FLOAT64 vector. */
    public static FieldVector storeDoubles(Field field, ColumnKind kind, double[] values, boolean[] valid, int n) {
        FieldVector out = Vectors.allocate(field, n);
        ArrowBuf d = out.getDataBuffer();
        ArrowBuf vb = out.getValidityBuffer();
        for (int i = 0; i < n; i++) {
            if (valid != null && !valid[i]) {
                continue;
            }
            BitVectorHelper.setBit(vb, i);
            if (kind == ColumnKind.FLOAT32) {
                d.setFloat((long) i << 2, (float) values[i]);
            } else {
                d.setDouble((long) i << 3, values[i]);
            }
        }
        out.setValueCount(n);
        return out;
    }

    /** A new DECIMAL vector from 128-bit (lo, hi) pairs. */
    public static FieldVector storeDecimals(Field field, long[] lo, long[] hi, boolean[] valid, int n) {
        FieldVector out = Vectors.allocate(field, n);
        ArrowBuf d = out.getDataBuffer();
        ArrowBuf vb = out.getValidityBuffer();
        for (int i = 0; i < n; i++) {
            if (valid != null && !valid[i]) {
                continue;
            }
            BitVectorHelper.setBit(vb, i);
            d.setLong((long) i << 4, lo[i]);
            d.setLong(((long) i << 4) + 8, hi[i]);
        }
        out.setValueCount(n);
        return out;
    }

    /** A new UTF8/BINARY vector from byte arrays ({@code values[i][0..lengths[i])}); null where values[i] is null. */
    public static FieldVector storeBytes(Field field, byte[][] values, int[] lengths, int n) {
        FieldVector out = Vectors.allocate(field, n);
        BaseVariableWidthVector vv = (BaseVariableWidthVector) out;
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (values[i] != null) {
                total += lengths[i];
            }
        }
        vv.allocateNew(Math.max(total, 1), Math.max(n, 1));
        ArrowBuf d = vv.getDataBuffer();
        ArrowBuf off = vv.getOffsetBuffer();
        ArrowBuf vb = vv.getValidityBuffer();
        int pos = 0;
        off.setInt(0, 0);
        for (int i = 0; i < n; i++) {
            if (values[i] != null) {
                d.setBytes(pos, values[i], 0, lengths[i]);
                pos += lengths[i];
                BitVectorHelper.setBit(vb, i);
            }
            off.setInt((long) (i + 1) << 2, pos);
        }
        vv.setLastSet(n - 1);
        out.setValueCount(n);
        return out;
    }

    /** For error messages and tests: a decimal from its unscaled 128-bit parts. */
    public static BigDecimal decimal(long lo, long hi, int scale) {
        java.math.BigInteger v = java.math.BigInteger.valueOf(hi).shiftLeft(64)
                .add(new java.math.BigInteger(Long.toUnsignedString(lo)));
        return new BigDecimal(v, scale);
    }
}
