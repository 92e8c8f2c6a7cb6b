package io.daft.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;

/** Appends variable-width values to an Arrow vector's offset and data buffers, growing the data buffer as needed. */
final class BinaryOut {
    private BinaryOut() {
    }

    /** Writes value {@code index} (offset {@code index} must already be set) from {@code src[off, off+len)}. */
    static void set(BaseVariableWidthVector v, int index, byte[] src, int off, int len) {
        ArrowBuf offsets = v.getOffsetBuffer();
        int start = offsets.getInt((long) index << 2);
        long need = (long) start + len;
        if (need > v.getDataBuffer().capacity()) {
            grow(v, need);
        }
        v.getDataBuffer().setBytes(start, src, off, len);
        offsets.setInt((long) (index + 1) << 2, (int) need);
    }

    static void ensureData(BaseVariableWidthVector v, long need) {
        if (need > v.getDataBuffer().capacity()) {
            grow(v, need);
        }
    }

    private static void grow(BaseVariableWidthVector v, long need) {
        if (need > Integer.MAX_VALUE) {
            throw new IllegalStateException("a batch of binary values exceeds 2 GiB; use a smaller batch size");
        }
        long cap = Math.max(v.getDataBuffer().capacity(), 1024);
        while (cap < need) {
            cap *= 2;
        }
        v.reallocDataBuffer(Math.min(cap, Integer.MAX_VALUE));
    }
}
