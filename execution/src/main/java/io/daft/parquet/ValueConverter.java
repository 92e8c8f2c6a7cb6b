package io.daft.parquet;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Converts a vector of decoded physical values (INT32, INT64 or binary) into our logical type's vector:
 * narrow/unsigned integers, decimals, FLOAT16. Null slots are converted too (their bytes are ignored).
 */
final class ValueConverter {
    private ValueConverter() {
    }

    /** The field of the vector the decoders write for {@code leaf}. */
    static Field physicalField(LeafColumn leaf, String name) {
        if (leaf.conversion() == LeafColumn.Conversion.NONE) {
            return Field.of(name, leaf.dataType());
        }
        switch (leaf.physicalType()) {
            case INT32: return Field.of(name, DataType.INT32);
            case INT64: return Field.of(name, DataType.INT64);
            default: return Field.of(name, DataType.BINARY);
        }
    }

    /** A new vector of {@code target}'s type holding {@code in}'s values converted; {@code in} is left open. */
    static FieldVector convert(LeafColumn leaf, FieldVector in, Field target) {
        int n = in.getValueCount();
        FieldVector out = Vectors.allocate(target, n);
        try {
            ArrowBuf src = in.getDataBuffer();
            ArrowBuf dst = out.getDataBuffer();
            switch (leaf.conversion()) {
                case INT32_TO_INT8:
                    for (int i = 0; i < n; i++) {
                        dst.setByte(i, (byte) src.getInt((long) i << 2));
                    }
                    break;
                case INT32_TO_INT16:
                    for (int i = 0; i < n; i++) {
                        dst.setShort((long) i << 1, (short) src.getInt((long) i << 2));
                    }
                    break;
                case UINT8_TO_INT16:
                    for (int i = 0; i < n; i++) {
                        dst.setShort((long) i << 1, (short) (src.getInt((long) i << 2) & 0xff));
                    }
                    break;
                case UINT16_TO_INT32:
                    for (int i = 0; i < n; i++) {
                        dst.setInt((long) i << 2, src.getInt((long) i << 2) & 0xffff);
                    }
                    break;
                case UINT32_TO_INT64:
                    for (int i = 0; i < n; i++) {
                        dst.setLong((long) i << 3, src.getInt((long) i << 2) & 0xffffffffL);
                    }
                    break;
                case UINT64_TO_DECIMAL:
                    for (int i = 0; i < n; i++) {
                        dst.setLong((long) i << 4, src.getLong((long) i << 3));
                        dst.setLong(((long) i << 4) + 8, 0L);
                    }
                    break;
                case INT32_TO_DECIMAL:
                    for (int i = 0; i < n; i++) {
                        long v = src.getInt((long) i << 2);
                        dst.setLong((long) i << 4, v);
                        dst.setLong(((long) i << 4) + 8, v >> 63);
                    }
                    break;
                case INT64_TO_DECIMAL:
                    for (int i = 0; i < n; i++) {
                        long v = src.getLong((long) i << 3);
                        dst.setLong((long) i << 4, v);
                        dst.setLong(((long) i << 4) + 8, v >> 63);
                    }
                    break;
                case BINARY_TO_DECIMAL:
                    binaryToDecimal(in, dst, n);
                    break;
                case FLOAT16_TO_FLOAT32: {
                    ArrowBuf offsets = in.getOffsetBuffer();
                    for (int i = 0; i < n; i++) {
                        int s = offsets.getInt((long) i << 2);
                        int len = offsets.getInt((long) (i + 1) << 2) - s;
                        float f = len == 2 ? halfToFloat((src.getByte(s) & 0xff) | (src.getByte(s + 1) & 0xff) << 8) : 0f;
                        dst.setFloat((long) i << 2, f);
                    }
                    break;
                }
                default:
                    throw new AssertionError(leaf.conversion());
            }
            long validityBytes = (n + 7) / 8;
            out.getValidityBuffer().setBytes(0, in.getValidityBuffer(), 0, validityBytes);
            out.setValueCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Big-endian two's complement of any length to Arrow's 16-byte little-endian decimal. */
    private static void binaryToDecimal(FieldVector in, ArrowBuf dst, int n) {
        ArrowBuf src = in.getDataBuffer();
        ArrowBuf offsets = in.getOffsetBuffer();
        for (int i = 0; i < n; i++) {
            int s = offsets.getInt((long) i << 2);
            int len = offsets.getInt((long) (i + 1) << 2) - s;
            long lo;
            long hi;
            if (len == 16) {
                // the common case (e.g. DuckDB's wide decimals): two big-endian longs
                hi = Long.reverseBytes(src.getLong(s));
                lo = Long.reverseBytes(src.getLong(s + 8));
            } else if (len == 0) {
                lo = 0;
                hi = 0;
            } else {
                long sign = src.getByte(s) < 0 ? -1L : 0L;
                lo = sign;
                hi = sign;
                // Shift bytes in from the most significant end; bytes beyond 16 are sign extension.
                for (int b = 0; b < len; b++) {
                    long v = src.getByte(s + b) & 0xffL;
                    hi = (hi << 8) | (lo >>> 56);
                    lo = (lo << 8) | v;
                }
            }
            dst.setLong((long) i << 4, lo);
            dst.setLong(((long) i << 4) + 8, hi);
        }
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat is Java 20+). */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 0 ? v : -v;
    }
}
