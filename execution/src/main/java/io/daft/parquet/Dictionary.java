package io.daft.parquet;

import org.apache.parquet.format.Type;

/**
 * The values of a dictionary page, decoded once per column chunk into heap arrays so data pages can gather
 * from them in tight loops: {@code ints} for 4-byte values, {@code longs} for 8-byte values (INT96 already as
 * nanoseconds), {@code bytes}+{@code offsets} for binary values (padded by {@link #SHORT_COPY_PAD}).
 */
final class Dictionary {
    final int size;
    final int[] ints;
    final long[] longs;
    final byte[] bytes;
    final int[] offsets;
    /** Binary values have this many spare bytes after them, so short ones copy as whole words. */
    static final int SHORT_COPY_PAD = 16;

    private Dictionary(int size, int[] ints, long[] longs, byte[] bytes, int[] offsets) {
        this.size = size;
        this.ints = ints;
        this.longs = longs;
        this.bytes = bytes;
        this.offsets = offsets;
    }

    /** Decodes a PLAIN-encoded dictionary page of {@code n} values. */
    static Dictionary decode(Type type, int typeLength, int n, byte[] d, int pos, int end) {
        if (n < 0) {
            throw new IllegalStateException("negative dictionary size " + n);
        }
        switch (type) {
            case INT32:
            case FLOAT: {
                checkRemaining(pos, end, (long) n * 4);
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Plain.readIntLE(d, pos + 4 * i);
                }
                return new Dictionary(n, v, null, null, null);
            }
            case INT64:
            case DOUBLE: {
                checkRemaining(pos, end, (long) n * 8);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Plain.readLongLE(d, pos + 8 * i);
                }
                return new Dictionary(n, null, v, null, null);
            }
            case INT96: {
                checkRemaining(pos, end, (long) n * 12);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Plain.int96ToMicros(d, pos + 12 * i);
                }
                return new Dictionary(n, null, v, null, null);
            }
            case BYTE_ARRAY: {
                checkRemaining(pos, end, (long) n * 4);   // every value has a 4-byte length
                int[] offs = new int[n + 1];
                int p = pos;
                int total = 0;
                for (int i = 0; i < n; i++) {
                    checkRemaining(p, end, 4);
                    int len = Plain.readIntLE(d, p);
                    if (len < 0) {
                        throw new IllegalStateException("negative binary length in dictionary");
                    }
                    checkRemaining(p + 4, end, len);
                    p += 4 + len;
                    total += len;
                    offs[i + 1] = total;
                }
                byte[] b = new byte[total + SHORT_COPY_PAD];
                p = pos;
                for (int i = 0; i < n; i++) {
                    int len = offs[i + 1] - offs[i];
                    System.arraycopy(d, p + 4, b, offs[i], len);
                    p += 4 + len;
                }
                return new Dictionary(n, null, null, b, offs);
            }
            case FIXED_LEN_BYTE_ARRAY: {
                checkRemaining(pos, end, (long) n * typeLength);
                int[] offs = new int[n + 1];
                for (int i = 0; i <= n; i++) {
                    offs[i] = i * typeLength;
                }
                byte[] b = java.util.Arrays.copyOfRange(d, pos, pos + n * typeLength + SHORT_COPY_PAD);
                return new Dictionary(n, null, null, b, offs);
            }
            default:
                throw new IllegalStateException("dictionary encoding is not valid for " + type + " columns");
        }
    }

    private static void checkRemaining(long pos, long end, long need) {
        if (pos + need > end) {
            throw new IllegalStateException("dictionary page is shorter than its value count says");
        }
    }
}
