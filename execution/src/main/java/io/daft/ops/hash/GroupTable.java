package io.daft.ops.hash;

import io.daft.core.DaftException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Open-addressing hash table from encoded keys ({@link EncodedKeys}) to dense group ids 0, 1, 2, ... in order
 * of first appearance. Keys live in one growing byte arena. Each slot of the primitive slot array packs the
 * upper 32 bits of the key's hash with its group id + 1 (0 = empty), so a probe rejects almost every
 * non-matching slot without touching another array, and a hit costs one slot read plus one key compare.
 * Linear probing, load factor at most 1/2. An optional int tag is part of the key (COUNT DISTINCT keys values
 * by group). Memory grows with the number of groups, not rows.
 */
public final class GroupTable {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[] slots;
    private int mask;
    private long[] hashes;
    private int[] tags;
    private int[] keyOffsets;
    private byte[] arena;
    private int arenaSize;
    private int groups;
    private long[] hashBuf = new long[0];

    public GroupTable() {
        this(1024);
    }

    public GroupTable(int expectedGroups) {
        int cap = Integer.highestOneBit(Math.max(16, expectedGroups * 2 - 1)) << 1;
        slots = new long[cap];
        mask = cap - 1;
        hashes = new long[Math.max(16, expectedGroups)];
        tags = new int[hashes.length];
        keyOffsets = new int[hashes.length + 1];
        arena = new byte[1024];
    }

    public int groupCount() {
        return groups;
    }

    /**
     * Assigns each row of {@code keys} its group id in {@code groupIds}; rows that created a new group are
     * written to {@code newRows} (returned count). {@code tagsIn} may be null (tag 0 for all rows).
     */
    public int findOrInsert(EncodedKeys keys, int[] tagsIn, int[] groupIds, int[] newRows) {
        int rows = keys.rows();
        byte[] data = keys.data();
        int created = 0;
        long[] hs = hashBuf.length >= rows ? hashBuf : (hashBuf = new long[rows]);
        // hashes first, in their own loop: independent per row, so the CPU overlaps them
        for (int r = 0; r < rows; r++) {
            int s = keys.start(r);
            hs[r] = Hashing.xxh64(data, s, keys.end(r) - s, Hashing.SEED + (tagsIn == null ? 0 : tagsIn[r]));
        }
        for (int r = 0; r < rows; r++) {
            int s = keys.start(r);
            int e = keys.end(r);
            long h = hs[r];
            long fingerprint = h & 0xFFFFFFFF00000000L;
            int slot = (int) h & mask;
            int gid;
            while (true) {
                long entry = slots[slot];
                if (entry == 0) {
                    int tag = tagsIn == null ? 0 : tagsIn[r];
                    gid = insert(h, tag, data, s, e);
                    slots[slot] = fingerprint | (gid + 1L);
                    newRows[created++] = r;
                    if (groups * 2 > slots.length) {
                        rehash();
                    }
                    break;
                }
                if ((entry & 0xFFFFFFFF00000000L) == fingerprint) {
                    int g = (int) entry - 1;
                    if (bytesEqual(arena, keyOffsets[g], keyOffsets[g + 1], data, s, e)
                            && (tagsIn == null || tags[g] == tagsIn[r])) {
                        gid = g;
                        break;
                    }
                }
                slot = (slot + 1) & mask;
            }
            groupIds[r] = gid;
        }
        return created;
    }

    /** Byte-range equality, 8 bytes at a time (cheaper than Arrays.equals for the short keys typical here). */
    static boolean bytesEqual(byte[] a, int as, int ae, byte[] b, int bs, int be) {
        int len = ae - as;
        if (len != be - bs) {
            return false;
        }
        if (len > 64) {
            return Arrays.equals(a, as, ae, b, bs, be);
        }
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if ((long) LONG.get(a, as + i) != (long) LONG.get(b, bs + i)) {
                return false;
            }
        }
        for (; i < len; i++) {
            if (a[as + i] != b[bs + i]) {
                return false;
            }
        }
        return true;
    }

    private int insert(long h, int tag, byte[] data, int s, int e) {
        int g = groups;
        if (g == hashes.length) {
            int n = g * 2;
            hashes = Arrays.copyOf(hashes, n);
            tags = Arrays.copyOf(tags, n);
            keyOffsets = Arrays.copyOf(keyOffsets, n + 1);
        }
        int len = e - s;
        if (arenaSize + len > arena.length) {
            long n = Math.max((long) arena.length * 2, (long) arenaSize + len);
            if (n > Integer.MAX_VALUE - 16) {
                n = Integer.MAX_VALUE - 16;
                if (arenaSize + len > n) {
                    throw new DaftException("group keys exceed 2 GiB in one aggregation");
                }
            }
            arena = Arrays.copyOf(arena, (int) n);
        }
        System.arraycopy(data, s, arena, arenaSize, len);
        keyOffsets[g] = arenaSize;
        arenaSize += len;
        keyOffsets[g + 1] = arenaSize;
        hashes[g] = h;
        tags[g] = tag;
        groups = g + 1;
        return g;
    }

    private void rehash() {
        int cap = slots.length * 2;
        long[] ns = new long[cap];
        int m = cap - 1;
        for (int g = 0; g < groups; g++) {
            long h = hashes[g];
            int slot = (int) h & m;
            while (ns[slot] != 0) {
                slot = (slot + 1) & m;
            }
            ns[slot] = (h & 0xFFFFFFFF00000000L) | (g + 1L);
        }
        slots = ns;
        mask = m;
    }

    /** Approximate heap bytes held. */
    public long sizeBytes() {
        return slots.length * 8L + hashes.length * 16L + arena.length;
    }
}
