package io.daft.ops.hash;

/**
 * Open-addressing map from a 64-bit key to an int id, for keys that fit in one long (a single fixed-width
 * column, or several packed). Each slot is two adjacent longs of one array, key then id + 1 (0 = empty), so a
 * probe touches one cache line; linear probing, load factor at most 1/2. The caller hands out the ids, so it
 * can also give out ids that are not in the map (the null group).
 */
final class LongMap {
    private long[] table;
    private int mask;
    private int size;

    LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[cap * 2];
        mask = cap - 1;
    }

    /** A cheap, well-mixed hash of a long (the low bits depend on every input bit). */
    static long mix(long k) {
        long h = (k ^ (k >>> 32)) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** The id of {@code k}, or, if absent, inserts it with {@code newId} and returns {@code newId}. */
    int getOrInsert(long k, int newId) {
        int m = mask;
        long[] t = table;
        int slot = (int) mix(k) & m;
        while (true) {
            int i = slot << 1;
            long id = t[i + 1];
            if (id == 0) {
                t[i] = k;
                t[i + 1] = newId + 1L;
                if (++size * 2 > m + 1) {
                    grow();
                }
                return newId;
            }
            if (t[i] == k) {
                return (int) id - 1;
            }
            slot = (slot + 1) & m;
        }
    }

    private void grow() {
        long[] old = table;
        int cap = (mask + 1) * 2;
        long[] nt = new long[cap * 2];
        int m = cap - 1;
        for (int i = 0; i < old.length; i += 2) {
            long id = old[i + 1];
            if (id != 0) {
                long k = old[i];
                int slot = (int) mix(k) & m;
                while (nt[(slot << 1) + 1] != 0) {
                    slot = (slot + 1) & m;
                }
                nt[slot << 1] = k;
                nt[(slot << 1) + 1] = id;
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
