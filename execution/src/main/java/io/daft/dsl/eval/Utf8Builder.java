package io.daft.dsl.eval;

import io.daft.core.DataType;
import org.apache.arrow.vector.FieldVector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends strings row by row into growable arrays, then packs them into a UTF8 or Binary vector. */
public final class Utf8Builder {
    private byte[] data;
    private int length;
    private final int[] offsets;
    private final byte[] validity;
    private final int rowCount;
    private int row;

    public Utf8Builder(int rowCount, int expectedBytes) {
        this.rowCount = rowCount;
        this.data = new byte[Math.max(16, expectedBytes)];
        this.offsets = new int[rowCount + 1];
        this.validity = new byte[Columns.bitmapBytes(rowCount)];
    }

    private void ensure(int more) {
        if (length + more > data.length) {
            long want = Math.max((long) data.length * 2, (long) length + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new io.daft.core.DaftException("string column larger than 2 GiB");
            }
            data = Arrays.copyOf(data, (int) want);
        }
    }

    public void appendNull() {
        offsets[++row] = length;
    }

    public void append(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, data, length, len);
        length += len;
        endValue();
    }

    public void append(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        append(b, 0, b.length);
    }

    /** Adds bytes to the value being built; finish it with {@link #endValue()}. */
    public void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, data, length, len);
        length += len;
    }

    public void writeByte(int b) {
        ensure(1);
        data[length++] = (byte) b;
    }

    public void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            data[length++] = (byte) s.charAt(i);
        }
    }

    /** Writes the decimal digits of {@code v} without allocating. */
    public void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            data[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            data[length++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = data[i];
            data[i] = data[j];
            data[j] = t;
        }
    }

    /** Writes {@code v} zero-padded to {@code width} digits (v non-negative). */
    public void writePadded(long v, int width) {
        ensure(Math.max(width, 20));
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            data[length++] = '0';
        }
        writeLong(v);
    }

    /** Ends the value built with the write methods; it is not null. */
    public void endValue() {
        Columns.set(validity, row);
        offsets[++row] = length;
    }

    public int rowsAppended() {
        return row;
    }

    public FieldVector build(String name, DataType type) {
        if (row != rowCount) {
            throw new IllegalStateException("built " + row + " of " + rowCount + " rows");
        }
        return Columns.fromStrings(name, type, data, length, offsets, validity, rowCount);
    }
}
