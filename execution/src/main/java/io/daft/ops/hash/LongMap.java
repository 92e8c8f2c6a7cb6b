package io.daft.ops.hash;

/**
 * Open-addressing map from a 64-bit key to an int id, for keys that fit in one long (a single fixed-width
 * column, or several packed). Keys and ids live in two parallel primitive arrays by slot (id + 1, 0 = empty);
 * linear probing, load factor at most 1/2. The caller hands out the ids, so it can also give out ids that are
 * not in the map (the null group).
 */
final class LongMap {
    private long[] keys;
    private int[] ids;
    private int mask;
    private int size;

    LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        ids = new int[cap];
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
        int slot = (int) mix(k) & m;
        long[] ks = keys;
        int[] is = ids;
        while (true) {
            int id = is[slot];
            if (id == 0) {
                ks[slot] = k;
                is[slot] = newId + 1;
                if (++size * 2 > ks.length) {
                    grow();
                }
                return newId;
            }
            if (ks[slot] == k) {
                return id - 1;
            }
            slot = (slot + 1) & m;
        }
    }

    /** The id of {@code k}, or -1. */
    int get(long k) {
        int m = mask;
        int slot = (int) mix(k) & m;
        while (true) {
            int id = ids[slot];
            if (id == 0) {
                return -1;
            }
            if (keys[slot] == k) {
                return id - 1;
            }
            slot = (slot + 1) & m;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        int cap = oldKeys.length * 2;
        long[] nk = new long[cap];
        int[] ni = new int[cap];
        int m = cap - 1;
        for (int s = 0; s < oldKeys.length; s++) {
            int id = oldIds[s];
            if (id != 0) {
                long k = oldKeys[s];
                int slot = (int) mix(k) & m;
                while (ni[slot] != 0) {
                    slot = (slot + 1) & m;
                }
                nk[slot] = k;
                ni[slot] = id;
            }
        }
        keys = nk;
        ids = ni;
        mask = m;
    }

    int size() {
        return size;
    }

    long sizeBytes() {
        return keys.length * 12L;
    }
}
