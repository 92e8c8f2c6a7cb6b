package io.daft.parquet;

/**
 * Decodes Parquet's RLE / bit-packed hybrid encoding (definition and repetition levels, dictionary ids, RLE
 * booleans) from {@code data[pos, end)}. Runs are decoded straight into int arrays, a run at a time.
 * Errors (a run that goes past the end) are {@link IllegalStateException}s; the column reader names the file.
 */
final class RleBitPackedDecoder implements IntDecoder {
    private final byte[] data;
    private final int end;
    private final int bitWidth;
    private final int mask;
    private int pos;

    // current run
    private int rleRemaining;
    private int rleValue;
    private int packedRemaining;
    private int packedStart;   // byte offset of the current bit-packed run
    private int packedIndex;   // index of the next value within that run

    RleBitPackedDecoder(byte[] data, int pos, int end, int bitWidth) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new IllegalStateException("invalid bit width " + bitWidth);
        }
        this.data = data;
        this.pos = pos;
        this.end = end;
        this.bitWidth = bitWidth;
        this.mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
    }

    /**
     * If the next {@code k} values all lie in one RLE run of {@code value}, consumes them and returns true (the
     * common case of definition levels on a page without nulls); otherwise consumes nothing.
     */
    boolean skipRun(int value, int k) {
        if (bitWidth == 0) {
            return value == 0;
        }
        if (rleRemaining == 0 && packedRemaining == 0) {
            if (pos >= end) {
                return false;
            }
            nextRun();
        }
        if (rleRemaining >= k && rleValue == value) {
            rleRemaining -= k;
            return true;
        }
        return false;
    }

    @Override
    public void readInts(int[] out, int off, int n) {
        if (bitWidth == 0) {
            java.util.Arrays.fill(out, off, off + n, 0);
            return;
        }
        int done = 0;
        while (done < n) {
            if (rleRemaining == 0 && packedRemaining == 0) {
                nextRun();
            }
            if (rleRemaining > 0) {
                int k = Math.min(rleRemaining, n - done);
                java.util.Arrays.fill(out, off + done, off + done + k, rleValue);
                rleRemaining -= k;
                done += k;
            } else {
                int k = Math.min(packedRemaining, n - done);
                unpack(out, off + done, k);
                packedRemaining -= k;
                packedIndex += k;
                done += k;
            }
        }
    }

    private void unpack(int[] out, int off, int k) {
        final int w = bitWidth;
        final int m = mask;
        final byte[] d = data;
        final int base = packedStart;
        long bit = (long) packedIndex * w;
        // Values whose 8-byte window lies inside the data take one unaligned load each; the tail goes slowly.
        long fastBits = ((long) (end - 8 - base) + 1) << 3;
        int i = 0;
        for (; i < k && bit < fastBits; i++, bit += w) {
            out[off + i] = (int) (Plain.readLongLE(d, base + (int) (bit >>> 3)) >>> (bit & 7)) & m;
        }
        for (; i < k; i++, bit += w) {
            out[off + i] = (int) (readLongLESlow(base + (int) (bit >>> 3)) >>> (bit & 7)) & m;
        }
    }

    private long readLongLESlow(int byteOff) {
        long word = 0;
        for (int b = 0; b < 8 && byteOff + b < end; b++) {
            word |= (data[byteOff + b] & 0xffL) << (8 * b);
        }
        return word;
    }

    private void nextRun() {
        if (pos >= end) {
            throw new IllegalStateException("RLE/bit-packed data ends before all values were read");
        }
        int header = readVarInt();
        if ((header & 1) == 1) {
            // bit-packed run: header = groups of 8 values << 1 | 1
            int count = header >>> 1;
            int bytes = count * bitWidth;
            if (count == 0 || bytes < 0) {
                throw new IllegalStateException("invalid RLE run header");
            }
            packedStart = pos;
            packedIndex = 0;
            packedRemaining = count * 8;
            // The last run may be padded: values beyond the data are never asked for (callers know counts).
            pos = Math.min(end, pos + bytes);
        } else {
            // RLE run: header = run length << 1
            int count = header >>> 1;
            if (count == 0) {
                throw new IllegalStateException("invalid RLE run header");
            }
            int bytes = (bitWidth + 7) / 8;
            if (pos + bytes > end) {
                throw new IllegalStateException("RLE run goes past the end of its data");
            }
            int v = 0;
            for (int i = 0; i < bytes; i++) {
                v |= (data[pos + i] & 0xff) << (8 * i);
            }
            pos += bytes;
            rleValue = v & mask;
            rleRemaining = count;
        }
    }

    private int readVarInt() {
        int result = 0;
        int shift = 0;
        while (true) {
            if (pos >= end || shift > 28) {
                throw new IllegalStateException("invalid varint in RLE data");
            }
            int b = data[pos++];
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    static int bitWidth(int maxValue) {
        return 32 - Integer.numberOfLeadingZeros(maxValue);
    }
}
