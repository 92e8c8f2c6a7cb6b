package io.daft.parquet.write;

import org.apache.arrow.memory.ArrowBuf;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A growable on-heap byte buffer with little-endian writers; pages and column chunks are assembled in these. */
public final class ByteSink {
    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The backing array; valid bytes are {@code [0, size())}. */
    public byte[] array() {
        return buf;
    }

    public void reset() {
        size = 0;
    }

    public void ensure(int extra) {
        long need = (long) size + extra;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("buffer would exceed 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, (long) buf.length * 2)));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeIntLE(int v) {
        ensure(4);
        LittleEndian.putInt(buf, size, v);
        size += 4;
    }

    public void writeLongLE(long v) {
        ensure(8);
        LittleEndian.putLong(buf, size, v);
        size += 8;
    }

    public void writeUleb128(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    public void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    public void write(ByteSink other) {
        write(other.buf, 0, other.size);
    }

    /** Copies {@code len} bytes of an Arrow buffer starting at {@code offset}. */
    public void write(ArrowBuf src, long offset, int len) {
        ensure(len);
        src.getBytes(offset, buf, size, len);
        size += len;
    }

    /** Reserves {@code len} bytes and returns the position where they start (caller fills {@code array()}). */
    public int skip(int len) {
        ensure(len);
        int at = size;
        size += len;
        return at;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** An output stream appending to this sink (for Thrift and GZIP). */
    public OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                writeByte(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                ByteSink.this.write(b, off, len);
            }
        };
    }
}
