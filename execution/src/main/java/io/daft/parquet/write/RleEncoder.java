package io.daft.parquet.write;

/**
 * Parquet's RLE / bit-packing hybrid encoding (definition levels and dictionary indices). Runs of eight or more
 * equal values become RLE runs; everything else is bit-packed in groups of eight.
 */
final class RleEncoder {
    private static final int MAX_GROUPS_PER_RUN = 63;

    private RleEncoder() {
    }

    /** Encodes {@code values[0..n)} with {@code bitWidth} bits each (1..32) and appends the bytes to {@code out}. */
    static void encode(int[] values, int n, int bitWidth, ByteSink out) {
        int i = 0;
        while (i < n) {
            int run = runLength(values, i, n);
            if (run >= 8) {
                writeRle(values[i], run, bitWidth, out);
                i += run;
                continue;
            }
            int start = i;
            int groups = 0;
            while (i < n && groups < MAX_GROUPS_PER_RUN) {
                if (groups > 0 && runLength(values, i, n) >= 8) {
                    break;
                }
                i = Math.min(i + 8, n);
                groups++;
            }
            writeBitPacked(values, start, i, groups, bitWidth, out);
        }
    }

    /** A single RLE run: what definition levels of a column chunk page without nulls reduce to. */
    static void writeRle(int value, int count, int bitWidth, ByteSink out) {
        out.writeUleb128((long) count << 1);
        int bytes = (bitWidth + 7) >>> 3;
        for (int b = 0; b < bytes; b++) {
            out.writeByte(value >>> (8 * b));
        }
    }

    private static int runLength(int[] values, int from, int n) {
        int v = values[from];
        int j = from + 1;
        while (j < n && values[j] == v) {
            j++;
        }
        return j - from;
    }

    private static void writeBitPacked(int[] values, int from, int to, int groups, int bitWidth, ByteSink out) {
        out.writeUleb128(((long) groups << 1) | 1);
        long mask = bitWidth == 32 ? 0xFFFFFFFFL : (1L << bitWidth) - 1;
        int end = from + groups * 8;
        out.ensure(groups * bitWidth);
        long acc = 0;
        int bits = 0;
        for (int i = from; i < end; i++) {
            long v = i < to ? (values[i] & mask) : 0;
            acc |= v << bits;
            bits += bitWidth;
            while (bits >= 8) {
                out.writeByte((int) acc);
                acc >>>= 8;
                bits -= 8;
            }
        }
    }

    /** Bits needed for values up to {@code maxValue} (at least 1). */
    static int bitWidth(int maxValue) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(maxValue));
    }
}
