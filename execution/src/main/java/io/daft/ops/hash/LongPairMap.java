package io.daft.ops.hash;

/**
 * Like {@link LongMap} for keys of two longs (several fixed-width columns packed into 65..128 bits): each slot
 * is three adjacent longs (key words, then id + 1).
 */
final class LongPairMap {
    private long[] table;
    private int mask;
    private int size;

    LongPairMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[cap * 3];
        mask = cap - 1;
    }

    static long mix(long a, long b) {
        return LongMap.mix(a ^ Long.rotateLeft(b * 0xC2B2AE3D27D4EB4FL, 31));
    }

    int getOrInsert(long a, long b, int newId) {
        int m = mask;
        long[] t = table;
        int slot = (int) mix(a, b) & m;
        while (true) {
            int i = slot * 3;
            long id = t[i + 2];
            if (id == 0) {
                t[i] = a;
                t[i + 1] = b;
                t[i + 2] = newId + 1L;
                if (++size * 2 > m + 1) {
                    grow();
                }
                return newId;
            }
            if (t[i] == a && t[i + 1] == b) {
                return (int) id - 1;
            }
            slot = (slot + 1) & m;
        }
    }

    private void grow() {
        long[] old = table;
        int cap = (mask + 1) * 2;
        long[] nt = new long[cap * 3];
        int m = cap - 1;
        for (int i = 0; i < old.length; i += 3) {
            long id = old[i + 2];
            if (id != 0) {
                int slot = (int) mix(old[i], old[i + 1]) & m;
                while (nt[slot * 3 + 2] != 0) {
                    slot = (slot + 1) & m;
                }
                nt[slot * 3] = old[i];
                nt[slot * 3 + 1] = old[i + 1];
                nt[slot * 3 + 2] = id;
            }
        }
        table = nt;
        mask = m;
    }

    int size() {
        return size;
    }

    long sizeBytes() {
        return table.length * 8L;
    }
}
