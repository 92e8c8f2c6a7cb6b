package io.daft.parquet.write;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A buffered output stream that knows how many bytes went through it (Parquet offsets are absolute). */
public final class PositionOutputStream extends OutputStream {
    private final OutputStream out;
    private long position;

    public PositionOutputStream(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 20);
    }

    public long position() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        position += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
