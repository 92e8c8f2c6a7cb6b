package io.daft.recordbatch;

import io.daft.core.ArrowTypes;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.memory.Memory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.util.TransferPair;

import java.util.List;

/**
 * Whole-column kernels over Arrow vectors: allocate, share, slice, gather (take), filter and concatenate.
 * Fixed-width and variable-width columns take specialised loops over the raw buffers; nested columns fall back
 * to Arrow's generic per-row copy (they are only passed through, never computed on).
 */
public final class Vectors {
    private Vectors() {
    }

    /** A new, empty vector of the field's type with room for {@code capacity} values. */
    public static FieldVector allocate(Field field, int capacity) {
        FieldVector v = ArrowTypes.toArrowField(field).createVector(Memory.allocator());
        if (v instanceof BaseFixedWidthVector) {
            ((BaseFixedWidthVector) v).allocateNew(Math.max(capacity, 1));
        } else if (v instanceof BaseVariableWidthVector) {
            ((BaseVariableWidthVector) v).allocateNew(Math.max(capacity, 1) * 16L, Math.max(capacity, 1));
        } else if (!(v instanceof NullVector)) {
            v.setInitialCapacity(Math.max(capacity, 1));
            v.allocateNew();
        }
        return v;
    }

    public static FieldVector allocate(String name, DataType type, int capacity) {
        return allocate(Field.of(name, type), capacity);
    }

    /** A vector of {@code n} nulls. */
    public static FieldVector nulls(Field field, int n) {
        FieldVector v = allocate(field, n);
        if (v instanceof BaseFixedWidthVector || v instanceof BaseVariableWidthVector) {
            // validity buffers are zeroed on allocation: all null already
            v.setValueCount(n);
            return v;
        }
        for (int i = 0; i < n; i++) {
            v.setNull(i);
        }
        v.setValueCount(n);
        return v;
    }

    /** A second vector over the same buffers (reference counted): no copy. */
    public static FieldVector share(FieldVector v) {
        return slice(v, 0, v.getValueCount());
    }

    /** Rows [offset, offset + length) as a new vector, sharing buffers where Arrow can. */
    public static FieldVector slice(FieldVector v, int offset, int length) {
        TransferPair tp = v.getTransferPair(v.getField(), Memory.allocator());
        tp.splitAndTransfer(offset, length);
        FieldVector out = (FieldVector) tp.getTo();
        out.setValueCount(length);
        return out;
    }

    /** A copy of {@code v} renamed. */
    public static FieldVector rename(FieldVector v, String name) {
        if (v.getName().equals(name)) {
            return share(v);
        }
        org.apache.arrow.vector.types.pojo.Field f = new org.apache.arrow.vector.types.pojo.Field(name,
                v.getField().getFieldType(), v.getField().getChildren());
        TransferPair tp = v.getTransferPair(f, Memory.allocator());
        tp.splitAndTransfer(0, v.getValueCount());
        FieldVector out = (FieldVector) tp.getTo();
        out.setValueCount(v.getValueCount());
        return out;
    }

    /** Gathers rows {@code indices[0..n)} of {@code v}; an index of -1 gives null (outer joins use it). */
    public static FieldVector take(FieldVector v, int[] indices, int n) {
        FieldVector out = allocate(fieldOf(v), n);
        if (v instanceof BaseFixedWidthVector && !(v instanceof BitVector)) {
            takeFixed((BaseFixedWidthVector) v, (BaseFixedWidthVector) out, indices, n);
        } else if (v instanceof BaseVariableWidthVector) {
            takeVariable((BaseVariableWidthVector) v, (BaseVariableWidthVector) out, indices, n);
        } else if (v instanceof NullVector) {
            // nothing to copy
        } else {
            for (int i = 0; i < n; i++) {
                int idx = indices[i];
                if (idx < 0) {
                    out.setNull(i);
                } else {
                    out.copyFromSafe(idx, i, v);
                }
            }
        }
        out.setValueCount(n);
        return out;
    }

    private static void takeFixed(BaseFixedWidthVector src, BaseFixedWidthVector dst, int[] indices, int n) {
        int width = src.getTypeWidth();
        ArrowBuf sv = src.getValidityBuffer();
        ArrowBuf sd = src.getDataBuffer();
        ArrowBuf dv = dst.getValidityBuffer();
        ArrowBuf dd = dst.getDataBuffer();
        boolean srcHasNulls = src.getNullCount() > 0;
        int rows = src.getValueCount();
        if (!srcHasNulls && rows > 0 && (width == 8 || width == 4 || width == 16)) {
            // the common case (filters, joins' matched rows): every output row valid. One unchecked loop per width
            // whose reads are clamped into the source (so they are safe whatever the index); an index out of range
            // (-1: a null row) is only noted, and then the general loop below redoes the column.
            long s = sd.memoryAddress();
            long d = dd.memoryAddress();
            int last = rows - 1;
            int bad = 0;
            switch (width) {
                case 8:
                    for (int i = 0; i < n; i++) {
                        int idx = indices[i];
                        bad |= idx | (last - idx);
                        int j = Math.min(Math.max(idx, 0), last);
                        MemoryUtil.putLong(d + ((long) i << 3), MemoryUtil.getLong(s + ((long) j << 3)));
                    }
                    break;
                case 4:
                    for (int i = 0; i < n; i++) {
                        int idx = indices[i];
                        bad |= idx | (last - idx);
                        int j = Math.min(Math.max(idx, 0), last);
                        MemoryUtil.putInt(d + ((long) i << 2), MemoryUtil.getInt(s + ((long) j << 2)));
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++) {
                        int idx = indices[i];
                        bad |= idx | (last - idx);
                        long from = s + ((long) Math.min(Math.max(idx, 0), last) << 4);
                        long to = d + ((long) i << 4);
                        MemoryUtil.putLong(to, MemoryUtil.getLong(from));
                        MemoryUtil.putLong(to + 8, MemoryUtil.getLong(from + 8));
                    }
                    break;
            }
            if (bad >= 0) {
                setAllValid(dv, n);
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            int idx = indices[i];
            if (idx < 0 || (srcHasNulls && BitVectorHelper.get(sv, idx) == 0)) {
                continue; // validity already 0
            }
            BitVectorHelper.setBit(dv, i);
            switch (width) {
                case 8: dd.setLong((long) i << 3, sd.getLong((long) idx << 3)); break;
                case 4: dd.setInt((long) i << 2, sd.getInt((long) idx << 2)); break;
                case 2: dd.setShort((long) i << 1, sd.getShort((long) idx << 1)); break;
                case 1: dd.setByte(i, sd.getByte(idx)); break;
                case 16:
                    dd.setLong((long) i << 4, sd.getLong((long) idx << 4));
                    dd.setLong(((long) i << 4) + 8, sd.getLong(((long) idx << 4) + 8));
                    break;
                default: dd.setBytes((long) i * width, sd, (long) idx * width, width); break;
            }
        }
    }

    /** Sets validity bits [0, n). */
    private static void setAllValid(ArrowBuf validity, int n) {
        int full = n >>> 3;
        if (full > 0) {
            validity.setOne(0L, (long) full);
        }
        for (int i = full << 3; i < n; i++) {
            BitVectorHelper.setBit(validity, i);
        }
    }

    private static void takeVariable(BaseVariableWidthVector src, BaseVariableWidthVector dst, int[] indices, int n) {
        ArrowBuf sv = src.getValidityBuffer();
        ArrowBuf so = src.getOffsetBuffer();
        ArrowBuf sd = src.getDataBuffer();
        long total = 0;
        int or = 0;
        int max = -1;
        for (int i = 0; i < n; i++) {
            int idx = indices[i];
            or |= idx;
            max = Math.max(max, idx);
            if (idx >= 0) {
                total += so.getInt((long) (idx + 1) << 2) - so.getInt((long) idx << 2);
            }
        }
        boolean inRange = or >= 0 && max < src.getValueCount();
        dst.allocateNew(Math.max(total, 1), n);
        ArrowBuf dv = dst.getValidityBuffer();
        ArrowBuf dOff = dst.getOffsetBuffer();
        ArrowBuf dd = dst.getDataBuffer();
        boolean srcHasNulls = src.getNullCount() > 0;
        int pos = 0;
        dOff.setInt(0, 0);
        if (!srcHasNulls && inRange) {
            // no nulls: copy through addresses (the data buffer was sized for all bytes above), short values byte-wise
            setAllValid(dv, n);
            long sOff = so.memoryAddress();
            long sData = sd.memoryAddress();
            long dOffA = dOff.memoryAddress();
            long dData = dd.memoryAddress();
            for (int i = 0; i < n; i++) {
                int idx = indices[i];
                int start = MemoryUtil.getInt(sOff + ((long) idx << 2));
                int len = MemoryUtil.getInt(sOff + ((long) (idx + 1) << 2)) - start;
                if (len <= 16) {
                    for (int k = 0; k < len; k++) {
                        MemoryUtil.putByte(dData + pos + k, MemoryUtil.getByte(sData + start + k));
                    }
                } else {
                    MemoryUtil.copyMemory(sData + start, dData + pos, len);
                }
                pos += len;
                MemoryUtil.putInt(dOffA + ((long) (i + 1) << 2), pos);
            }
            dst.setLastSet(n - 1);
            return;
        }
        for (int i = 0; i < n; i++) {
            int idx = indices[i];
            if (idx >= 0 && (!srcHasNulls || BitVectorHelper.get(sv, idx) != 0)) {
                int start = so.getInt((long) idx << 2);
                int len = so.getInt((long) (idx + 1) << 2) - start;
                dd.setBytes(pos, sd, start, len);
                pos += len;
                BitVectorHelper.setBit(dv, i);
            }
            dOff.setInt((long) (i + 1) << 2, pos);
        }
        dst.setLastSet(n - 1);
    }

    /** Keeps the rows whose bit is set in {@code mask} (a boolean vector; null counts as false). */
    public static int[] selection(BitVector mask) {
        int n = mask.getValueCount();
        int[] sel = new int[n];
        int k = 0;
        ArrowBuf valid = mask.getValidityBuffer();
        ArrowBuf data = mask.getDataBuffer();
        boolean hasNulls = mask.getNullCount() > 0;
        for (int i = 0; i < n; i++) {
            int bit = BitVectorHelper.get(data, i);
            if (hasNulls) {
                bit &= BitVectorHelper.get(valid, i);
            }
            sel[k] = i;
            k += bit;
        }
        return k == n ? sel : java.util.Arrays.copyOf(sel, k);
    }

    /** One vector holding the rows of all {@code parts} in order. */
    public static FieldVector concat(List<FieldVector> parts) {
        if (parts.size() == 1) {
            return share(parts.get(0));
        }
        int total = 0;
        for (FieldVector p : parts) {
            total += p.getValueCount();
        }
        FieldVector first = parts.get(0);
        FieldVector out = allocate(fieldOf(first), total);
        if (first instanceof BaseFixedWidthVector && !(first instanceof BitVector)) {
            int width = ((BaseFixedWidthVector) first).getTypeWidth();
            ArrowBuf dd = out.getDataBuffer();
            ArrowBuf dv = out.getValidityBuffer();
            int row = 0;
            for (FieldVector p : parts) {
                int cnt = p.getValueCount();
                dd.setBytes((long) row * width, p.getDataBuffer(), 0, (long) cnt * width);
                copyValidity(p, dv, row, cnt);
                row += cnt;
            }
        } else if (first instanceof BaseVariableWidthVector) {
            long bytes = 0;
            for (FieldVector p : parts) {
                int cnt = p.getValueCount();
                bytes += cnt == 0 ? 0 : p.getOffsetBuffer().getInt((long) cnt << 2) - p.getOffsetBuffer().getInt(0);
            }
            BaseVariableWidthVector dst = (BaseVariableWidthVector) out;
            dst.allocateNew(Math.max(bytes, 1), total);
            ArrowBuf dd = dst.getDataBuffer();
            ArrowBuf dOff = dst.getOffsetBuffer();
            ArrowBuf dv = dst.getValidityBuffer();
            int row = 0;
            int pos = 0;
            dOff.setInt(0, 0);
            for (FieldVector p : parts) {
                int cnt = p.getValueCount();
                if (cnt == 0) {
                    continue;
                }
                ArrowBuf so = p.getOffsetBuffer();
                int base = so.getInt(0);
                int len = so.getInt((long) cnt << 2) - base;
                dd.setBytes(pos, p.getDataBuffer(), base, len);
                for (int i = 1; i <= cnt; i++) {
                    dOff.setInt((long) (row + i) << 2, so.getInt((long) i << 2) - base + pos);
                }
                copyValidity(p, dv, row, cnt);
                row += cnt;
                pos += len;
            }
            dst.setLastSet(total - 1);
        } else {
            int row = 0;
            for (FieldVector p : parts) {
                for (int i = 0; i < p.getValueCount(); i++) {
                    out.copyFromSafe(i, row++, p);
                }
            }
        }
        out.setValueCount(total);
        return out;
    }

    private static void copyValidity(FieldVector src, ArrowBuf dstValidity, int dstRow, int count) {
        ArrowBuf sv = src.getValidityBuffer();
        if (src.getNullCount() == 0) {
            for (int i = 0; i < count; i++) {
                BitVectorHelper.setBit(dstValidity, dstRow + i);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            if (BitVectorHelper.get(sv, i) != 0) {
                BitVectorHelper.setBit(dstValidity, dstRow + i);
            }
        }
    }

    public static Field fieldOf(FieldVector v) {
        return ArrowTypes.fromArrowField(v.getField());
    }

    /** Bytes held by the vector's buffers. */
    public static long sizeBytes(FieldVector v) {
        return v.getBufferSize();
    }
}
