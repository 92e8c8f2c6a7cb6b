package io.daft.ops.hash;

import io.daft.ops.ColumnKind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Fixed-width key values as longs for hash tables that group or join on equality (not order): integer-like
 * values sign-extended, booleans 0/1, floats as their IEEE bits with -0.0 folded into 0.0 and every NaN into
 * the canonical NaN (SQL grouping equality, as in {@link KeyEncoder}). Two non-null values of one kind are
 * equal keys iff their longs are equal. Null slots get 0 (callers consult the validity separately).
 */
public final class KeyLongs {
    private KeyLongs() {
    }

    /** Whether keys of this kind map to one long. */
    public static boolean isFixed(ColumnKind kind) {
        switch (kind) {
            case BOOL:
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case FLOAT32:
            case FLOAT64:
                return true;
            default:
                return false;
        }
    }

    /** Significant bits of the long of a fixed kind (the rest are sign extension). */
    public static int bits(ColumnKind kind) {
        return kind == ColumnKind.BOOL ? 1 : kind.width() * 8;
    }

    /** Rows [0, rows) of a fixed-width column as key longs (see the class comment); nulls read as 0. */
    public static long[] load(FieldVector v, ColumnKind kind, int rows, long[] reuse) {
        long[] out = reuse != null && reuse.length >= rows ? reuse : new long[Math.max(rows, 16)];
        ArrowBuf d = v.getDataBuffer();
        switch (kind) {
            case BOOL:
                for (int i = 0; i < rows; i++) {
                    out[i] = BitVectorHelper.get(d, i);
                }
                break;
            case INT8:
                for (int i = 0; i < rows; i++) {
                    out[i] = d.getByte(i);
                }
                break;
            case INT16:
                for (int i = 0; i < rows; i++) {
                    out[i] = d.getShort((long) i << 1);
                }
                break;
            case INT32:
                for (int i = 0; i < rows; i++) {
                    out[i] = d.getInt((long) i << 2);
                }
                break;
            case INT64:
                for (int i = 0; i < rows; i++) {
                    out[i] = d.getLong((long) i << 3);
                }
                break;
            case FLOAT32:
                for (int i = 0; i < rows; i++) {
                    float x = d.getFloat((long) i << 2);
                    // floatToIntBits canonicalises NaN; both zeros become 0
                    out[i] = x == 0.0f ? 0L : Float.floatToIntBits(x);
                }
                break;
            case FLOAT64:
                for (int i = 0; i < rows; i++) {
                    out[i] = Hashing.normalizedBits(d.getDouble((long) i << 3));
                }
                break;
            default:
                throw new IllegalArgumentException("not a fixed-width key: " + kind);
        }
        if (v.getNullCount() > 0) {
            // zero null slots so packed keys of null columns are all alike
            ArrowBuf vb = v.getValidityBuffer();
            for (int i = 0; i < rows; i++) {
                if (BitVectorHelper.get(vb, i) == 0) {
                    out[i] = 0;
                }
            }
        }
        return out;
    }
}
