package io.daft.parquet.write;

import java.util.Arrays;

/** Distinct 64-bit values in first-seen order, with an open-addressing index (no boxing). */
final class LongDictionary {
    private long[] values = new long[256];
    private int size;
    private int[] slots = new int[512]; // id + 1, 0 = empty
    private int mask = 511;

    int size() {
        return size;
    }

    long value(int id) {
        return values[id];
    }

    /** The id of {@code v}, adding it if new. */
    int getOrAdd(long v) {
        int h = hash(v) & mask;
        while (true) {
            int s = slots[h];
            if (s == 0) {
                break;
            }
            if (values[s - 1] == v) {
                return s - 1;
            }
            h = (h + 1) & mask;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = v;
        slots[h] = ++size;
        if (size * 2 > slots.length) {
            rehash();
        }
        return size - 1;
    }

    /** Forgets the values added after the first {@code newSize} (their index entries become unreachable). */
    void truncate(int newSize) {
        size = newSize;
    }

    void clear() {
        size = 0;
        Arrays.fill(slots, 0);
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int h = hash(values[id]) & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = id + 1;
        }
    }

    private static int hash(long v) {
        long x = v * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }
}
