package io.daft.parquet;

/**
 * The deprecated BIT_PACKED level encoding of data page v1: values packed most significant bit first, no
 * length prefix; the page's value count says how many bytes it takes.
 */
final class BitPackedLevelDecoder implements IntDecoder {
    private final byte[] data;
    private final int start;
    private final int end;
    private final int bitWidth;
    private long bit;

    BitPackedLevelDecoder(byte[] data, int start, int end, int bitWidth) {
        this.data = data;
        this.start = start;
        this.end = end;
        this.bitWidth = bitWidth;
    }

    /** Bytes taken by {@code n} values of {@code bitWidth} bits. */
    static int byteLength(int n, int bitWidth) {
        return (int) (((long) n * bitWidth + 7) / 8);
    }

    @Override
    public void readInts(int[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            int v = 0;
            for (int b = 0; b < bitWidth; b++, bit++) {
                int byteIndex = start + (int) (bit >>> 3);
                if (byteIndex >= end) {
                    throw new IllegalStateException("BIT_PACKED levels end before all values were read");
                }
                v = (v << 1) | ((data[byteIndex] >>> (7 - (int) (bit & 7))) & 1);
            }
            out[off + i] = v;
        }
    }
}
