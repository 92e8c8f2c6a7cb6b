package io.daft.parquet.write;

import java.util.Arrays;

/** Distinct byte strings in first-seen order, stored back to back, with an open-addressing index. */
final class BinaryDictionary {
    private final ByteSink data = new ByteSink(1 << 12);
    private int[] starts = new int[257];
    private int[] hashes = new int[256];
    private int size;
    private int[] slots = new int[512]; // id + 1, 0 = empty
    private int mask = 511;

    int size() {
        return size;
    }

    /** Bytes of the dictionary when PLAIN encoded (4-byte length prefix per entry). */
    long plainBytes() {
        return starts[size] + 4L * size;
    }

    byte[] bytes() {
        return data.array();
    }

    int start(int id) {
        return starts[id];
    }

    int length(int id) {
        return starts[id + 1] - starts[id];
    }

    /** The id of {@code src[off, off+len)}, adding it if new. */
    int getOrAdd(byte[] src, int off, int len) {
        int hash = hash(src, off, len);
        int h = hash & mask;
        byte[] d = data.array();
        while (true) {
            int s = slots[h];
            if (s == 0) {
                break;
            }
            int id = s - 1;
            if (hashes[id] == hash && starts[id + 1] - starts[id] == len && equal(d, starts[id], src, off, len)) {
                return id;
            }
            h = (h + 1) & mask;
        }
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
            starts = Arrays.copyOf(starts, size * 2 + 1);
        }
        data.write(src, off, len);
        hashes[size] = hash;
        starts[size + 1] = data.size();
        slots[h] = ++size;
        if (size * 2 > slots.length) {
            rehash();
        }
        return size - 1;
    }

    /** Forgets the entries after the first {@code newSize} for writing (the index is no longer used after this). */
    void truncate(int newSize) {
        size = newSize;
    }

    void clear() {
        size = 0;
        data.reset();
        starts[0] = 0;
        Arrays.fill(slots, 0);
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int h = hashes[id] & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = id + 1;
        }
    }

    private static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (len >= 32) {
            return Arrays.equals(a, aOff, aOff + len, b, bOff, bOff + len);
        }
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if (LittleEndian.getLong(a, aOff + i) != LittleEndian.getLong(b, bOff + i)) {
                return false;
            }
        }
        for (; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = len;
        int i = off;
        int end = off + len;
        while (i + 8 <= end) {
            long x = LittleEndian.getLong(b, i) * 0x9E3779B97F4A7C15L;
            h = h * 31 + (int) (x ^ (x >>> 29));
            i += 8;
        }
        while (i < end) {
            h = h * 31 + b[i++];
        }
        return h ^ (h >>> 16);
    }
}
