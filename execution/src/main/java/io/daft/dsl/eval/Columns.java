package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

import java.math.BigInteger;

/**
 * Bulk moves between Arrow buffers and primitive Java arrays, the currency of the expression kernels.
 *
 * <p>Kernels unpack their operands once per batch into {@code long[]}/{@code double[]} (or a {@link Utf8Column} for
 * strings), run a tight loop over the arrays, and pack the result into a new vector. Null masks travel as bitmaps
 * in Arrow's own layout ({@code byte[]}, bit {@code i & 7} of byte {@code i >>> 3}), so masks combine eight rows a step.
 * Values under null slots are unspecified; kernels must not fail on them.
 */
public final class Columns {
    private Columns() {
    }

    public static int bitmapBytes(int n) {
        return (n + 7) >>> 3;
    }

    public static boolean get(byte[] bitmap, int i) {
        return (bitmap[i >>> 3] & (1 << (i & 7))) != 0;
    }

    public static void set(byte[] bitmap, int i) {
        bitmap[i >>> 3] |= (byte) (1 << (i & 7));
    }

    public static void clear(byte[] bitmap, int i) {
        bitmap[i >>> 3] &= (byte) ~(1 << (i & 7));
    }

    public static byte[] allSet(int n) {
        byte[] b = new byte[bitmapBytes(n)];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    /** Whether all of the first {@code n} bits are set. */
    public static boolean allSet(byte[] bitmap, int n) {
        int full = n >>> 3;
        for (int i = 0; i < full; i++) {
            if (bitmap[i] != (byte) 0xFF) {
                return false;
            }
        }
        for (int i = full << 3; i < n; i++) {
            if (!get(bitmap, i)) {
                return false;
            }
        }
        return true;
    }

    public static byte[] and(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a[i] & b[i]);
        }
        return out;
    }

    public static byte[] or(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a[i] | b[i]);
        }
        return out;
    }

    public static byte[] not(byte[] a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ~a[i];
        }
        return out;
    }

    /** The validity bitmap of the first {@code n} rows (a copy). */
    public static byte[] validity(FieldVector v, int n) {
        int bytes = bitmapBytes(n);
        if (v instanceof NullVector) {
            return new byte[bytes];
        }
        if (v.getNullCount() == 0) {
            return allSet(n);
        }
        byte[] out = new byte[bytes];
        v.getValidityBuffer().getBytes(0, out, 0, bytes);
        return out;
    }

    /** The value bitmap of a boolean vector (a copy). */
    public static byte[] bits(FieldVector v, int n) {
        byte[] out = new byte[bitmapBytes(n)];
        if (!(v instanceof NullVector) && n > 0) {
            v.getDataBuffer().getBytes(0, out, 0, out.length);
        }
        return out;
    }

    /** Values of an integer, date or timestamp vector, widened to long (sign-extended). */
    public static long[] longs(FieldVector v, int n) {
        long[] out = new long[n];
        if (v instanceof NullVector || n == 0) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        int width = ((BaseFixedWidthVector) v).getTypeWidth();
        switch (width) {
            case 8:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getLong((long) i << 3);
                }
                break;
            case 4:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getInt((long) i << 2);
                }
                break;
            case 2:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getShort((long) i << 1);
                }
                break;
            case 1:
                for (int i = 0; i < n; i++) {
                    out[i] = d.getByte(i);
                }
                break;
            default:
                throw new IllegalArgumentException("not an integer vector: " + v.getField());
        }
        return out;
    }

    /** Values of a Float32 or Float64 vector as doubles. */
    public static double[] doubles(FieldVector v, int n) {
        double[] out = new double[n];
        if (v instanceof NullVector || n == 0) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        if (((BaseFixedWidthVector) v).getTypeWidth() == 8) {
            for (int i = 0; i < n; i++) {
                out[i] = d.getDouble((long) i << 3);
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = d.getFloat((long) i << 2);
            }
        }
        return out;
    }

    /** Unscaled values of a decimal vector whose precision is at most 18 (they fit the low 64 bits). */
    public static long[] decimalLongs(FieldVector v, int n) {
        long[] out = new long[n];
        if (v instanceof NullVector || n == 0) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        for (int i = 0; i < n; i++) {
            out[i] = d.getLong((long) i << 4);
        }
        return out;
    }

    /**
     * Unscaled values of a decimal vector of any precision if every valid one fits a long (0 under null rows),
     * else null.
     */
    public static long[] narrowDecimalLongs(FieldVector v, int n, byte[] validity) {
        long[] out = new long[n];
        if (v instanceof NullVector || n == 0) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        long wide = 0; // non-zero once some valid value needs its high word
        for (int i = 0; i < n; i++) {
            long lo = d.getLong((long) i << 4);
            long hi = d.getLong(((long) i << 4) + 8);
            long keep = -((validity[i >>> 3] >>> (i & 7)) & 1L); // all ones for a valid row
            wide |= (hi ^ (lo >> 63)) & keep;
            out[i] = lo & keep;
        }
        return wide == 0 ? out : null;
    }

    /** Unscaled values of a decimal vector; null entries for null rows. */
    public static BigInteger[] decimalBigs(FieldVector v, int n, byte[] validity) {
        BigInteger[] out = new BigInteger[n];
        if (v instanceof NullVector || n == 0) {
            return out;
        }
        ArrowBuf d = v.getDataBuffer();
        byte[] be = new byte[16];
        for (int i = 0; i < n; i++) {
            if (!get(validity, i)) {
                continue;
            }
            long lo = d.getLong((long) i << 4);
            long hi = d.getLong(((long) i << 4) + 8);
            if (hi == (lo >> 63)) {
                out[i] = BigInteger.valueOf(lo);
            } else {
                for (int k = 0; k < 8; k++) {
                    be[15 - k] = (byte) (lo >>> (8 * k));
                    be[7 - k] = (byte) (hi >>> (8 * k));
                }
                out[i] = new BigInteger(be);
            }
        }
        return out;
    }

    /** The strings (or bytes) of a UTF8/Binary vector. */
    public static Utf8Column strings(FieldVector v, int n) {
        int[] offsets = new int[n + 1];
        if (v instanceof NullVector || n == 0) {
            return new Utf8Column(new byte[0], offsets, validity(v, n), n);
        }
        BaseVariableWidthVector vv = (BaseVariableWidthVector) v;
        ArrowBuf ob = vv.getOffsetBuffer();
        int base = ob.getInt(0);
        for (int i = 0; i <= n; i++) {
            offsets[i] = ob.getInt((long) i << 2) - base;
        }
        byte[] data = new byte[offsets[n]];
        vv.getDataBuffer().getBytes(base, data, 0, data.length);
        return new Utf8Column(data, offsets, validity(v, n), n);
    }

    // ---- writers: each returns a new vector of exactly n rows ------------------------------------------

    private static FieldVector allocateFixed(String name, DataType type, byte[] validity, int n) {
        FieldVector out = Vectors.allocate(Field.of(name, type), n);
        if (n > 0) {
            out.getValidityBuffer().setBytes(0, validity, 0, bitmapBytes(n));
        }
        return out;
    }

    /** Packs longs into an integer, date or timestamp vector of {@code type} (values must already fit). */
    public static FieldVector fromLongs(String name, DataType type, long[] vals, byte[] validity, int n) {
        FieldVector out = allocateFixed(name, type, validity, n);
        ArrowBuf d = out.getDataBuffer();
        switch (((BaseFixedWidthVector) out).getTypeWidth()) {
            case 8:
                for (int i = 0; i < n; i++) {
                    d.setLong((long) i << 3, vals[i]);
                }
                break;
            case 4:
                for (int i = 0; i < n; i++) {
                    d.setInt((long) i << 2, (int) vals[i]);
                }
                break;
            case 2:
                for (int i = 0; i < n; i++) {
                    d.setShort((long) i << 1, (short) vals[i]);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    d.setByte(i, (byte) vals[i]);
                }
        }
        out.setValueCount(n);
        return out;
    }

    /** Packs doubles into a Float64 or (narrowing) Float32 vector. */
    public static FieldVector fromDoubles(String name, DataType type, double[] vals, byte[] validity, int n) {
        FieldVector out = allocateFixed(name, type, validity, n);
        ArrowBuf d = out.getDataBuffer();
        if (((BaseFixedWidthVector) out).getTypeWidth() == 8) {
            for (int i = 0; i < n; i++) {
                d.setDouble((long) i << 3, vals[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                d.setFloat((long) i << 2, (float) vals[i]);
            }
        }
        out.setValueCount(n);
        return out;
    }

    /** A boolean vector from value and validity bitmaps. */
    public static FieldVector fromBits(String name, byte[] bits, byte[] validity, int n) {
        FieldVector out = allocateFixed(name, DataType.BOOLEAN, validity, n);
        if (n > 0) {
            out.getDataBuffer().setBytes(0, bits, 0, bitmapBytes(n));
        }
        out.setValueCount(n);
        return out;
    }

    /** A decimal vector from unscaled longs. */
    public static FieldVector fromDecimalLongs(String name, DataType type, long[] unscaled, byte[] validity, int n) {
        FieldVector out = allocateFixed(name, type, validity, n);
        ArrowBuf d = out.getDataBuffer();
        for (int i = 0; i < n; i++) {
            long v = unscaled[i];
            d.setLong((long) i << 4, v);
            d.setLong(((long) i << 4) + 8, v >> 63);
        }
        out.setValueCount(n);
        return out;
    }

    /** A decimal vector from 128-bit unscaled values given as low and high (signed) 64-bit halves. */
    public static FieldVector fromDecimal128(String name, DataType type, long[] lo, long[] hi, byte[] validity, int n) {
        FieldVector out = allocateFixed(name, type, validity, n);
        ArrowBuf d = out.getDataBuffer();
        for (int i = 0; i < n; i++) {
            d.setLong((long) i << 4, lo[i]);
            d.setLong(((long) i << 4) + 8, hi[i]);
        }
        out.setValueCount(n);
        return out;
    }

    /** A decimal vector from unscaled big integers (null entries allowed where invalid). */
    public static FieldVector fromDecimalBigs(String name, DataType type, BigInteger[] unscaled, byte[] validity, int n) {
        FieldVector out = allocateFixed(name, type, validity, n);
        ArrowBuf d = out.getDataBuffer();
        for (int i = 0; i < n; i++) {
            BigInteger v = unscaled[i];
            long lo = 0;
            long hi = 0;
            if (v != null && get(validity, i)) {
                lo = v.longValue();
                hi = v.shiftRight(64).longValue();
            }
            d.setLong((long) i << 4, lo);
            d.setLong(((long) i << 4) + 8, hi);
        }
        out.setValueCount(n);
        return out;
    }

    /** A UTF8 or Binary vector from concatenated bytes and n + 1 offsets starting at 0. */
    public static FieldVector fromStrings(String name, DataType type, byte[] data, int dataLength, int[] offsets,
                                          byte[] validity, int n) {
        FieldVector out = Vectors.allocate(Field.of(name, type), n);
        BaseVariableWidthVector vv = (BaseVariableWidthVector) out;
        vv.allocateNew(Math.max(dataLength, 1), Math.max(n, 1));
        if (n > 0) {
            vv.getValidityBuffer().setBytes(0, validity, 0, bitmapBytes(n));
            ArrowBuf ob = vv.getOffsetBuffer();
            for (int i = 0; i <= n; i++) {
                ob.setInt((long) i << 2, offsets[i]);
            }
            vv.getDataBuffer().setBytes(0, data, 0, dataLength);
            vv.setLastSet(n - 1);
        }
        out.setValueCount(n);
        return out;
    }
}
