package io.daft.dsl.eval;

import java.nio.charset.StandardCharsets;

/**
 * The strings of a UTF8 (or Binary) column unpacked into one byte array: row {@code i} is
 * {@code data[offsets[i] .. offsets[i + 1])}. A plain carrier for kernels, not a defensive copy.
 */
public final class Utf8Column {
    public final byte[] data;
    public final int[] offsets;
    public final byte[] validity;
    public final int rowCount;

    public Utf8Column(byte[] data, int[] offsets, byte[] validity, int rowCount) {
        this.data = data;
        this.offsets = offsets;
        this.validity = validity;
        this.rowCount = rowCount;
    }

    public boolean isValid(int i) {
        return Columns.get(validity, i);
    }

    public int start(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** Row {@code i} as a Java string (for slow paths and messages only). */
    public String string(int i) {
        return new String(data, offsets[i], length(i), StandardCharsets.UTF_8);
    }

    /** Unsigned byte-wise comparison of row {@code i} of {@code a} and row {@code j} of {@code b} (UTF-8 code point order). */
    public static int compare(Utf8Column a, int i, Utf8Column b, int j) {
        return java.util.Arrays.compareUnsigned(a.data, a.offsets[i], a.offsets[i + 1], b.data, b.offsets[j], b.offsets[j + 1]);
    }

    public static boolean equal(Utf8Column a, int i, Utf8Column b, int j) {
        return java.util.Arrays.equals(a.data, a.offsets[i], a.offsets[i + 1], b.data, b.offsets[j], b.offsets[j + 1]);
    }
}
