package io.daft.ops.hash;

import java.util.Arrays;

/**
 * Rows of key columns encoded by {@link KeyEncoder} into one byte array: row {@code r} is
 * {@code data[offsets[r], offsets[r + 1])}. Two rows are equal keys iff their bytes are equal, and compare
 * in the requested sort order iff their bytes compare so (unsigned, lexicographic, shorter prefix first).
 */
public final class EncodedKeys {
    private final byte[] data;
    private final int[] offsets;
    private final boolean[] hasNull;
    private final int rows;

    EncodedKeys(byte[] data, int[] offsets, boolean[] hasNull, int rows) {
        this.data = data;
        this.offsets = offsets;
        this.hasNull = hasNull;
        this.rows = rows;
    }

    public byte[] data() {
        return data;
    }

    public int rows() {
        return rows;
    }

    public int start(int row) {
        return offsets[row];
    }

    public int end(int row) {
        return offsets[row + 1];
    }

    public int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** Whether any key column of {@code row} is null. */
    public boolean hasNull(int row) {
        return hasNull != null && hasNull[row];
    }

    /** Whether no row has a null key column. */
    public boolean noNulls() {
        return hasNull == null;
    }

    /** Deterministic hash of each row's encoded key (for in-memory tables, not for shuffles). */
    public long hash(int row) {
        return Hashing.xxh64(data, offsets[row], offsets[row + 1] - offsets[row], Hashing.SEED);
    }

    public long[] hashes() {
        long[] h = new long[rows];
        for (int r = 0; r < rows; r++) {
            h[r] = Hashing.xxh64(data, offsets[r], offsets[r + 1] - offsets[r], Hashing.SEED);
        }
        return h;
    }

    /** Whether row {@code a} here and row {@code b} of {@code other} hold the same key. */
    public boolean equalsRow(int a, EncodedKeys other, int b) {
        return Arrays.equals(data, offsets[a], offsets[a + 1], other.data, other.offsets[b], other.offsets[b + 1]);
    }

    /** Order of row {@code a} here against row {@code b} of {@code other}. */
    public int compareRows(int a, EncodedKeys other, int b) {
        return Arrays.compareUnsigned(data, offsets[a], offsets[a + 1], other.data, other.offsets[b], other.offsets[b + 1]);
    }

    /** The first 8 bytes of each row's key as an unsigned big-endian long (zero padded), for fast comparisons. */
    public long[] prefixes() {
        return prefixes(0);
    }

    /** Bytes [skip, skip + 8) of each row's key as an unsigned big-endian long (zero padded). */
    public long[] prefixes(int skip) {
        long[] p = new long[rows];
        for (int r = 0; r < rows; r++) {
            int s = offsets[r] + skip;
            int len = Math.max(0, Math.min(8, offsets[r + 1] - s));
            long v;
            if (len == 8) {
                v = (long) LONG_BE.get(data, s);
            } else {
                v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | (i < len ? (data[s + i] & 0xFFL) : 0L);
                }
            }
            p[r] = v;
        }
        return p;
    }

    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
