package io.daft.ops.hash;

import io.daft.ops.ColumnKind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Deterministic row hashing: the same values give the same hash on every JVM, run and machine, because the
 * hash decides which shuffle partition a row goes to. Built on XXH64 (the reference algorithm, little-endian
 * reads) with fixed seeds; no {@code Object.hashCode}, no random seeds.
 *
 * <p>Value rules: integer-like values (BOOLEAN, INT8..INT64, DATE, TIMESTAMP) hash as the XXH64 of their value
 * widened to a 64-bit little-endian long, so the same number hashes alike at any integer width; FLOAT32 widens
 * to FLOAT64, and floats normalise -0.0 to 0.0 and every NaN to the canonical NaN; DECIMAL hashes its 16
 * unscaled little-endian bytes; UTF8/BINARY hash their bytes; a null hashes as the fixed long
 * {@link #NULL_VALUE}. Columns combine left to right: each column's value hash is seeded with the running hash.
 */
public final class Hashing {
    /** Seed of the running hash before the first column. */
    public static final long SEED = 0x5EED_DAF7L;
    /** Stands in for a null value in every type. */
    public static final long NULL_VALUE = 0x6E756C6C_6E756C6CL; // "nullnull"

    static final long P1 = 0x9E3779B185EBCA87L;
    static final long P2 = 0xC2B2AE3D27D4EB4FL;
    static final long P3 = 0x165667B19E3779F9L;
    static final long P4 = 0x85EBCA77C2B2AE63L;
    static final long P5 = 0x27D4EB2F165667C5L;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Hashing() {
    }

    /** One hash per row over {@code columns}, combined left to right. */
    public static long[] hash(List<FieldVector> columns, int rowCount) {
        return hash(columns, rowCount, SEED);
    }

    /**
     * One hash per row over {@code columns}, starting from {@code seed}: another seed gives hashes independent of
     * {@link #SEED}'s (a grace join splits one exchange partition, whose rows share their {@code SEED} hash modulo
     * the partition count, with another seed).
     */
    public static long[] hash(List<FieldVector> columns, int rowCount, long seed) {
        long[] h = new long[rowCount];
        java.util.Arrays.fill(h, seed);
        for (FieldVector c : columns) {
            hashInto(c, rowCount, h);
        }
        return h;
    }

    /** Folds column {@code v} into the running hashes {@code h[0..n)}. */
    public static void hashInto(FieldVector v, int n, long[] h) {
        if (v instanceof org.apache.arrow.vector.complex.ListVector || v instanceof org.apache.arrow.vector.complex.StructVector) {
            // a nested value hashes as its normalized key (equal values, equal keys)
            io.daft.core.DataType t = io.daft.recordbatch.Vectors.fieldOf(v).dataType();
            try (FieldVector k = io.daft.ops.NestedKeys.keys(v, t, n, v.getName())) {
                hashInto(k, n, h);
            }
            return;
        }
        ColumnKind kind = ColumnKind.of(v);
        if (kind == ColumnKind.NULL || v instanceof NullVector) {
            for (int i = 0; i < n; i++) {
                h[i] = hashLong(NULL_VALUE, h[i]);
            }
            return;
        }
        ArrowBuf vb = v.getValidityBuffer();
        boolean nulls = v.getNullCount() > 0;
        ArrowBuf d = v.getDataBuffer();
        switch (kind) {
            case BOOL:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE : BitVectorHelper.get(d, i), h[i]);
                }
                break;
            case INT8:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE : d.getByte(i), h[i]);
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE : d.getShort((long) i << 1), h[i]);
                }
                break;
            case INT32:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE : d.getInt((long) i << 2), h[i]);
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE : d.getLong((long) i << 3), h[i]);
                }
                break;
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE
                            : normalizedBits(d.getFloat((long) i << 2)), h[i]);
                }
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    h[i] = hashLong(nulls && BitVectorHelper.get(vb, i) == 0 ? NULL_VALUE
                            : normalizedBits(d.getDouble((long) i << 3)), h[i]);
                }
                break;
            case DECIMAL:
                for (int i = 0; i < n; i++) {
                    if (nulls && BitVectorHelper.get(vb, i) == 0) {
                        h[i] = hashLong(NULL_VALUE, h[i]);
                    } else {
                        h[i] = hash16(d.getLong((long) i << 4), d.getLong(((long) i << 4) + 8), h[i]);
                    }
                }
                break;
            case VARBINARY: {
                ArrowBuf off = v.getOffsetBuffer();
                for (int i = 0; i < n; i++) {
                    if (nulls && BitVectorHelper.get(vb, i) == 0) {
                        h[i] = hashLong(NULL_VALUE, h[i]);
                    } else {
                        int start = off.getInt((long) i << 2);
                        int end = off.getInt((long) (i + 1) << 2);
                        h[i] = xxh64(d, start, end - start, h[i]);
                    }
                }
                break;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Bits of a double with -0.0 folded into 0.0 and every NaN into the canonical NaN. */
    public static long normalizedBits(double x) {
        if (x == 0.0) {
            return 0L; // both zeros
        }
        return Double.doubleToLongBits(x); // canonicalises NaN
    }

    /** XXH64 of the 8 little-endian bytes of {@code v}. */
    public static long hashLong(long v, long seed) {
        long h = seed + P5 + 8;
        h ^= round(0, v);
        h = Long.rotateLeft(h, 27) * P1 + P4;
        return avalanche(h);
    }

    /** XXH64 of 16 little-endian bytes {@code lo, hi}. */
    public static long hash16(long lo, long hi, long seed) {
        long h = seed + P5 + 16;
        h ^= round(0, lo);
        h = Long.rotateLeft(h, 27) * P1 + P4;
        h ^= round(0, hi);
        h = Long.rotateLeft(h, 27) * P1 + P4;
        return avalanche(h);
    }

    /** XXH64 of {@code len} bytes of an Arrow buffer. */
    public static long xxh64(ArrowBuf buf, long off, int len, long seed) {
        long end = off + len;
        long p = off;
        long h;
        if (len >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            long limit = end - 32;
            do {
                v1 = round(v1, le(buf.getLong(p)));
                v2 = round(v2, le(buf.getLong(p + 8)));
                v3 = round(v3, le(buf.getLong(p + 16)));
                v4 = round(v4, le(buf.getLong(p + 24)));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = seed + P5;
        }
        h += len;
        while (p + 8 <= end) {
            h ^= round(0, le(buf.getLong(p)));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (p + 4 <= end) {
            h ^= (leInt(buf.getInt(p)) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < end) {
            h ^= (buf.getByte(p) & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        return avalanche(h);
    }

    /** XXH64 of {@code b[off, off + len)}. */
    public static long xxh64(byte[] b, int off, int len, long seed) {
        int end = off + len;
        int p = off;
        long h;
        if (len >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            int limit = end - 32;
            do {
                v1 = round(v1, (long) LONG_LE.get(b, p));
                v2 = round(v2, (long) LONG_LE.get(b, p + 8));
                v3 = round(v3, (long) LONG_LE.get(b, p + 16));
                v4 = round(v4, (long) LONG_LE.get(b, p + 24));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = seed + P5;
        }
        h += len;
        while (p + 8 <= end) {
            h ^= round(0, (long) LONG_LE.get(b, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (p + 4 <= end) {
            h ^= ((int) INT_LE.get(b, p) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < end) {
            h ^= (b[p] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        return avalanche(h);
    }

    private static long le(long v) {
        return NATIVE_LE ? v : Long.reverseBytes(v);
    }

    private static int leInt(int v) {
        return NATIVE_LE ? v : Integer.reverseBytes(v);
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long mergeRound(long acc, long val) {
        acc ^= round(0, val);
        return acc * P1 + P4;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }
}
