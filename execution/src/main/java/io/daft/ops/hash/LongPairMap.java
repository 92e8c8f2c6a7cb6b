package io.daft.ops.hash;

/** Like {@link LongMap} for keys of two longs (several fixed-width columns packed into 65..128 bits). */
final class LongPairMap {
    private long[] keys0;
    private long[] keys1;
    private int[] ids;
    private int mask;
    private int size;

    LongPairMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys0 = new long[cap];
        keys1 = new long[cap];
        ids = new int[cap];
        mask = cap - 1;
    }

    static long mix(long a, long b) {
        return LongMap.mix(a ^ Long.rotateLeft(b * 0xC2B2AE3D27D4EB4FL, 31));
    }

    int getOrInsert(long a, long b, int newId) {
        int m = mask;
        int slot = (int) mix(a, b) & m;
        long[] k0 = keys0;
        long[] k1 = keys1;
        int[] is = ids;
        while (true) {
            int id = is[slot];
            if (id == 0) {
                k0[slot] = a;
                k1[slot] = b;
                is[slot] = newId + 1;
                if (++size * 2 > k0.length) {
                    grow();
                }
                return newId;
            }
            if (k0[slot] == a && k1[slot] == b) {
                return id - 1;
            }
            slot = (slot + 1) & m;
        }
    }

    private void grow() {
        int cap = keys0.length * 2;
        long[] n0 = new long[cap];
        long[] n1 = new long[cap];
        int[] ni = new int[cap];
        int m = cap - 1;
        for (int s = 0; s < keys0.length; s++) {
            int id = ids[s];
            if (id != 0) {
                int slot = (int) mix(keys0[s], keys1[s]) & m;
                while (ni[slot] != 0) {
                    slot = (slot + 1) & m;
                }
                n0[slot] = keys0[s];
                n1[slot] = keys1[s];
                ni[slot] = id;
            }
        }
        keys0 = n0;
        keys1 = n1;
        ids = ni;
        mask = m;
    }

    int size() {
        return size;
    }

    long sizeBytes() {
        return keys0.length * 20L;
    }
}
