package io.daft.parquet;

/**
 * Decodes a DELTA_BINARY_PACKED stream (header, then blocks of a zigzag min delta, one bit width per miniblock
 * and bit-packed miniblocks) into a long[], with wrapping arithmetic as the spec requires (INT32 columns take
 * the low 32 bits). Also reports where the stream ended, since DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY
 * place more data right after it.
 */
final class DeltaBinaryPacked {
    final long[] values;
    final int end;

    private DeltaBinaryPacked(long[] values, int end) {
        this.values = values;
        this.end = end;
    }

    /** Decodes the stream at {@code d[pos, limit)}; a page never holds more than {@code maxCount} values. */
    static DeltaBinaryPacked decode(byte[] d, int pos, int limit, int maxCount) {
        int[] p = {pos};
        long blockSize = readUnsignedVarLong(d, p, limit);
        long miniblocks = readUnsignedVarLong(d, p, limit);
        long total = readUnsignedVarLong(d, p, limit);
        long first = zigzag(readUnsignedVarLong(d, p, limit));
        if (blockSize <= 0 || blockSize % 128 != 0 || miniblocks <= 0 || blockSize % miniblocks != 0
                || (blockSize / miniblocks) % 32 != 0 || total < 0 || total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("invalid DELTA_BINARY_PACKED header");
        }
        int count = (int) total;
        // Each block takes at least its header bytes, which bounds the count by the data we have.
        if (count > maxCount || (count > 1 && (double) count > (double) (limit - p[0] + 1) * blockSize)) {
            throw new IllegalStateException("DELTA_BINARY_PACKED header claims " + count + " values, more than the page holds");
        }
        int perMiniblock = (int) (blockSize / miniblocks);
        long[] out = new long[count];
        if (count == 0) {
            return new DeltaBinaryPacked(out, p[0]);
        }
        out[0] = first;
        int n = 1;
        long prev = first;
        int[] widths = new int[(int) miniblocks];
        while (n < count) {
            long minDelta = zigzag(readUnsignedVarLong(d, p, limit));
            if (p[0] + widths.length > limit) {
                throw new IllegalStateException("DELTA_BINARY_PACKED data ends inside a block header");
            }
            for (int m = 0; m < widths.length; m++) {
                widths[m] = d[p[0] + m] & 0xff;
            }
            p[0] += widths.length;
            for (int m = 0; m < widths.length && n < count; m++) {
                int w = widths[m];
                if (w > 64) {
                    throw new IllegalStateException("invalid DELTA_BINARY_PACKED bit width " + w);
                }
                int base = p[0];
                int bytes = perMiniblock * w / 8;
                if (base + bytes > limit && n + perMiniblock < count) {
                    throw new IllegalStateException("DELTA_BINARY_PACKED data ends inside a miniblock");
                }
                int take = Math.min(perMiniblock, count - n);
                for (int i = 0; i < take; i++) {
                    long delta = w == 0 ? 0 : readBits(d, base, (long) i * w, w, limit);
                    prev = prev + minDelta + delta;
                    out[n++] = prev;
                }
                p[0] = Math.min(limit, base + bytes);
            }
        }
        return new DeltaBinaryPacked(out, p[0]);
    }

    private static long readBits(byte[] d, int base, long bitOff, int w, int limit) {
        int byteOff = base + (int) (bitOff >>> 3);
        int sh = (int) (bitOff & 7);
        long v = load(d, byteOff, limit) >>> sh;
        if (sh + w > 64) {
            v |= (long) (byteOff + 8 < limit ? d[byteOff + 8] & 0xff : 0) << (64 - sh);
        }
        return w == 64 ? v : v & ((1L << w) - 1);
    }

    private static long load(byte[] d, int p, int limit) {
        if (p + 8 <= limit) {
            return Plain.readLongLE(d, p);
        }
        long v = 0;
        for (int b = 0; b < 8 && p + b < limit; b++) {
            v |= (d[p + b] & 0xffL) << (8 * b);
        }
        return v;
    }

    private static long readUnsignedVarLong(byte[] d, int[] p, int limit) {
        long result = 0;
        int shift = 0;
        while (true) {
            if (p[0] >= limit || shift > 63) {
                throw new IllegalStateException("invalid varint in DELTA_BINARY_PACKED data");
            }
            int b = d[p[0]++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
