package io.daft.ops.hash;

import io.daft.core.DaftException;
import io.daft.ops.ColumnKind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encodes the key columns of each row into a normalised byte string ("normalised keys") whose bytes are equal
 * iff the keys are equal (SQL grouping equality: nulls equal each other, -0.0 equals 0.0, NaN equals NaN) and
 * whose unsigned lexicographic order is the requested sort order. Hash tables, sorts, merges and range
 * partitioning all work on these bytes, so their inner loops are plain byte comparisons with no per-type or
 * per-row dispatch; the type dispatch happens here, once per column per batch.
 *
 * <p>Per column: one marker byte (1 = value; 0 = null when nulls sort first, 2 = null when nulls sort last),
 * then the value. Fixed-width values are big-endian with the sign bit flipped (floats: the IEEE order trick,
 * NaN largest); a null fixed-width value still takes its width (zeros) so all-fixed keys have one length.
 * Variable-width values (UTF8 by byte = code point order, BINARY) are split into 8-byte chunks, zero padded,
 * each followed by a byte holding 9 if more chunks follow, else the number of real bytes in it; a shorter
 * string that is a prefix of a longer one therefore sorts first. Descending columns invert the value bytes
 * (not the marker, since null placement is given separately).
 */
public final class KeyEncoder {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private KeyEncoder() {
    }

    /** Encoding for equality (hash tables): ascending, nulls last. */
    public static EncodedKeys encode(List<FieldVector> columns, int rows) {
        return encode(columns, rows, null, null);
    }

    /**
     * Encoding whose byte order is the sort order given by {@code descending[i]} and {@code nullsFirst[i]}
     * (null arrays mean ascending, nulls last).
     */
    public static EncodedKeys encode(List<FieldVector> columns, int rows, boolean[] descending, boolean[] nullsFirst) {
        int ncols = columns.size();
        ColumnKind[] kinds = new ColumnKind[ncols];
        int fixed = 0;
        boolean anyVar = false;
        boolean anyNull = false;
        for (int c = 0; c < ncols; c++) {
            FieldVector v = columns.get(c);
            kinds[c] = ColumnKind.of(v);
            if (kinds[c] == ColumnKind.VARBINARY) {
                fixed += 1;
                anyVar = true;
            } else {
                fixed += 1 + kinds[c].width();
            }
            if (kinds[c] == ColumnKind.NULL || v.getNullCount() > 0) {
                anyNull = true;
            }
        }
        int[] offsets = new int[rows + 1];
        if (!anyVar) {
            long total = (long) fixed * rows;
            checkSize(total);
            for (int r = 0; r <= rows; r++) {
                offsets[r] = r * fixed;
            }
        } else {
            long[] lens = new long[rows];
            java.util.Arrays.fill(lens, fixed);
            for (int c = 0; c < ncols; c++) {
                if (kinds[c] != ColumnKind.VARBINARY) {
                    continue;
                }
                FieldVector v = columns.get(c);
                ArrowBuf off = v.getOffsetBuffer();
                ArrowBuf vb = v.getValidityBuffer();
                boolean nulls = v.getNullCount() > 0;
                for (int r = 0; r < rows; r++) {
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        continue;
                    }
                    int len = off.getInt((long) (r + 1) << 2) - off.getInt((long) r << 2);
                    lens[r] += len == 0 ? 9 : ((len + 7) >>> 3) * 9L;
                }
            }
            long total = 0;
            for (int r = 0; r < rows; r++) {
                offsets[r] = (int) total;
                total += lens[r];
                checkSize(total);
            }
            offsets[rows] = (int) total;
        }
        byte[] data = new byte[offsets[rows]];
        int[] pos = java.util.Arrays.copyOf(offsets, rows);
        boolean[] hasNull = anyNull ? new boolean[rows] : null;
        for (int c = 0; c < ncols; c++) {
            boolean desc = descending != null && descending[c];
            boolean nf = nullsFirst != null && nullsFirst[c];
            encodeColumn(columns.get(c), kinds[c], rows, desc, nf ? (byte) 0 : (byte) 2, data, pos, hasNull);
        }
        return new EncodedKeys(data, offsets, hasNull, rows);
    }

    private static void checkSize(long total) {
        if (total > Integer.MAX_VALUE - 16) {
            throw new DaftException("encoded sort/group keys of one batch exceed 2 GiB; use smaller batches");
        }
    }

    private static void encodeColumn(FieldVector v, ColumnKind kind, int rows, boolean desc, byte nullMarker,
                                     byte[] out, int[] pos, boolean[] hasNull) {
        if (kind == ColumnKind.NULL) {
            for (int r = 0; r < rows; r++) {
                out[pos[r]] = nullMarker;
                pos[r] += 1;
                hasNull[r] = true;
            }
            return;
        }
        ArrowBuf vb = v.getValidityBuffer();
        boolean nulls = v.getNullCount() > 0;
        ArrowBuf d = v.getDataBuffer();
        // flip: XOR applied to value bytes; sign: XOR applied to the top bit for signed ints
        long flip = desc ? -1L : 0L;
        switch (kind) {
            case BOOL:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        out[p + 1] = (byte) (BitVectorHelper.get(d, r) ^ (int) flip);
                    }
                    pos[r] = p + 2;
                }
                break;
            case INT8:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        out[p + 1] = (byte) ((d.getByte(r) ^ 0x80) ^ (int) flip);
                    }
                    pos[r] = p + 2;
                }
                break;
            case INT16:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        SHORT_BE.set(out, p + 1, (short) ((d.getShort((long) r << 1) ^ 0x8000) ^ (int) flip));
                    }
                    pos[r] = p + 3;
                }
                break;
            case INT32:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        INT_BE.set(out, p + 1, (d.getInt((long) r << 2) ^ Integer.MIN_VALUE) ^ (int) flip);
                    }
                    pos[r] = p + 5;
                }
                break;
            case INT64:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        LONG_BE.set(out, p + 1, (d.getLong((long) r << 3) ^ Long.MIN_VALUE) ^ flip);
                    }
                    pos[r] = p + 9;
                }
                break;
            case FLOAT32:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        float x = d.getFloat((long) r << 2);
                        int bits = x == 0.0f ? 0 : Float.floatToIntBits(x);
                        bits = bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
                        INT_BE.set(out, p + 1, bits ^ (int) flip);
                    }
                    pos[r] = p + 5;
                }
                break;
            case FLOAT64:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        double x = d.getDouble((long) r << 3);
                        long bits = x == 0.0 ? 0L : Double.doubleToLongBits(x);
                        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
                        LONG_BE.set(out, p + 1, bits ^ flip);
                    }
                    pos[r] = p + 9;
                }
                break;
            case DECIMAL:
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                    } else {
                        out[p] = 1;
                        long lo = d.getLong((long) r << 4);
                        long hi = d.getLong(((long) r << 4) + 8);
                        LONG_BE.set(out, p + 1, (hi ^ Long.MIN_VALUE) ^ flip);
                        LONG_BE.set(out, p + 9, lo ^ flip);
                    }
                    pos[r] = p + 17;
                }
                break;
            case VARBINARY: {
                ArrowBuf off = v.getOffsetBuffer();
                long cap = d.capacity();
                for (int r = 0; r < rows; r++) {
                    int p = pos[r];
                    if (nulls && BitVectorHelper.get(vb, r) == 0) {
                        out[p] = nullMarker;
                        hasNull[r] = true;
                        pos[r] = p + 1;
                        continue;
                    }
                    out[p++] = 1;
                    int start = off.getInt((long) r << 2);
                    int len = off.getInt((long) (r + 1) << 2) - start;
                    if (len == 0) {
                        // one empty chunk: 8 zero bytes, count 0 (array is zeroed already)
                        if (desc) {
                            for (int i = 0; i < 9; i++) {
                                out[p + i] = (byte) 0xFF;
                            }
                        }
                        pos[r] = p + 9;
                        continue;
                    }
                    int chunkStart = p;
                    int remaining = len;
                    long src = start;
                    while (remaining > 0) {
                        int n = Math.min(8, remaining);
                        if (src + 8 <= cap) {
                            // one 8-byte load instead of a bounds-checked copy per chunk; keep the first n bytes
                            long word = d.getLong(src);
                            if (!NATIVE_LE) {
                                word = Long.reverseBytes(word);
                            }
                            if (n < 8) {
                                word &= (1L << (n << 3)) - 1;
                            }
                            LONG_LE.set(out, p, word);
                        } else {
                            d.getBytes(src, out, p, n);
                        }
                        src += n;
                        remaining -= n;
                        p += 8;
                        out[p++] = (byte) (remaining > 0 ? 9 : n);
                    }
                    if (desc) {
                        for (int i = chunkStart; i < p; i++) {
                            out[i] = (byte) ~out[i];
                        }
                    }
                    pos[r] = p;
                }
                break;
            }
            default:
                throw new AssertionError(kind);
        }
    }
}
