package io.daft.ops.hash;

import io.daft.core.DaftException;
import io.daft.ops.ColumnKind;
import io.daft.recordbatch.DictionaryCodes;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Maps the key columns of each row to dense group ids 0, 1, 2, ... in order of first appearance (SQL grouping
 * equality: nulls are equal, -0.0 equals 0.0, NaN equals NaN). Grouping needs equality only, not order, so the
 * common key shapes skip the order-preserving {@link KeyEncoder} encoding; the path is chosen once, from the
 * column kinds of the first batch:
 * <ul>
 * <li>one fixed-width key (BOOLEAN, INT8..INT64, DATE, TIMESTAMP, FLOAT32/64): an open-addressing table on the
 * value as a long ({@link KeyLongs}), nulls in a group of their own;</li>
 * <li>one UTF8/BINARY key: hashed and compared straight from the Arrow buffers; a key's bytes are copied
 * into the arena only when it creates a group;</li>
 * <li>several fixed-width keys that fit in 64 or 128 bits with a null bit per column: packed into one or two
 * longs;</li>
 * <li>anything else: encoded keys ({@link KeyEncoder}) in a {@link GroupTable}.</li>
 * </ul>
 * Each path remembers the last key it matched, so runs of equal keys (sorted or clustered input) skip the
 * table; keys decoded from dictionaries skip it through their codes ({@link DictionaryGroups}). Memory grows
 * with the number of groups, not rows. Not thread-safe.
 */
public final class GroupIndex {
    private Strategy strategy;
    private ColumnKind[] kinds;
    private DictionaryGroups dictionaryGroups;

    /** Assigns each row its group id in {@code groupIds}; rows that created a group go to {@code newRows}. */
    public int findOrInsert(List<FieldVector> keyColumns, int rows, int[] groupIds, int[] newRows) {
        if (strategy == null) {
            kinds = new ColumnKind[keyColumns.size()];
            for (int c = 0; c < kinds.length; c++) {
                kinds[c] = ColumnKind.of(keyColumns.get(c));
            }
            strategy = choose(kinds);
        } else {
            if (keyColumns.size() != kinds.length) {
                throw new DaftException("group keys changed from " + kinds.length + " to " + keyColumns.size() + " columns");
            }
            for (int c = 0; c < kinds.length; c++) {
                ColumnKind k = ColumnKind.of(keyColumns.get(c));
                if (k != kinds[c]) {
                    throw new DaftException("group key column '" + keyColumns.get(c).getName() + "' changed from "
                            + kinds[c] + " to " + k + " between batches");
                }
            }
        }
        if (rows == 0) {
            return 0;
        }
        return strategy.findOrInsert(keyColumns, rows, groupIds, newRows);
    }

    /**
     * As {@link #findOrInsert(List, int, int[], int[])}, given the key columns' dictionary codes: when every key
     * has codes (and their combinations are few), rows map to groups by their codes through
     * {@link DictionaryGroups}, and only the first row of each combination is hashed.
     */
    public int findOrInsert(List<FieldVector> keyColumns, List<Optional<DictionaryCodes>> codes, int rows, int[] groupIds, int[] newRows) {
        if (codes.size() != keyColumns.size()) {
            throw new IllegalArgumentException(keyColumns.size() + " key columns but " + codes.size() + " dictionary codes");
        }
        if (rows == 0 || !DictionaryGroups.applies(codes)) {
            return findOrInsert(keyColumns, rows, groupIds, newRows);
        }
        if (dictionaryGroups == null) {
            dictionaryGroups = new DictionaryGroups();
        }
        return dictionaryGroups.findOrInsert(this, keyColumns, codes, rows, groupIds, newRows);
    }

    public int groupCount() {
        return strategy == null ? 0 : strategy.groups;
    }

    /** Approximate heap bytes held. */
    public long sizeBytes() {
        return (strategy == null ? 0 : strategy.sizeBytes()) + (dictionaryGroups == null ? 0 : dictionaryGroups.sizeBytes());
    }

    /** Which path this index took ("none" before the first batch): long, bytes, packed64, packed128, encoded. */
    public String path() {
        return strategy == null ? "none" : strategy.name();
    }

    private static Strategy choose(ColumnKind[] kinds) {
        if (kinds.length == 1 && KeyLongs.isFixed(kinds[0])) {
            return new SingleLong(kinds[0]);
        }
        if (kinds.length == 1 && kinds[0] == ColumnKind.VARBINARY) {
            return new SingleBytes();
        }
        if (kinds.length > 1) {
            Packed p = Packed.layout(kinds);
            if (p != null) {
                return p;
            }
        }
        return new Encoded();
    }

    private abstract static class Strategy {
        int groups;

        abstract int findOrInsert(List<FieldVector> keys, int rows, int[] gids, int[] newRows);

        abstract long sizeBytes();

        abstract String name();
    }

    /** One fixed-width key: a {@link LongMap} on the value plus a separate null group. */
    private static final class SingleLong extends Strategy {
        private final ColumnKind kind;
        private final LongMap map = new LongMap(1024);
        private long[] buf;
        private int nullGroup = -1;

        SingleLong(ColumnKind kind) {
            this.kind = kind;
        }

        @Override
        int findOrInsert(List<FieldVector> keys, int rows, int[] gids, int[] newRows) {
            FieldVector v = keys.get(0);
            long[] vals = buf = KeyLongs.load(v, kind, rows, buf);
            boolean nulls = v.getNullCount() > 0;
            ArrowBuf vb = v.getValidityBuffer();
            LongMap m = map;
            int created = 0;
            int next = groups;
            long lastKey = 0;
            int lastGid = -1;
            for (int r = 0; r < rows; r++) {
                if (nulls && BitVectorHelper.get(vb, r) == 0) {
                    if (nullGroup < 0) {
                        nullGroup = next++;
                        newRows[created++] = r;
                    }
                    gids[r] = nullGroup;
                    continue;
                }
                long k = vals[r];
                if (k == lastKey && lastGid >= 0) {
                    gids[r] = lastGid;
                    continue;
                }
                int g = m.getOrInsert(k, next);
                if (g == next) {
                    next++;
                    newRows[created++] = r;
                }
                gids[r] = g;
                lastKey = k;
                lastGid = g;
            }
            groups = next;
            return created;
        }

        @Override
        long sizeBytes() {
            return map.sizeBytes();
        }

        @Override
        String name() {
            return "long";
        }
    }

    /**
     * Several fixed-width keys packed into one or two longs: each column's significant bits at a fixed
     * position, plus one null bit per column (a null column contributes value bits 0 and its null bit).
     */
    private static final class Packed extends Strategy {
        private final ColumnKind[] kinds;
        private final int[] word;
        private final int[] shift;
        private final int[] nullWord;
        private final int[] nullShift;
        private final boolean two;
        private final LongMap map1;
        private final LongPairMap map2;
        private long[] k0 = new long[0];
        private long[] k1 = new long[0];
        private long[] tmp;

        private Packed(ColumnKind[] kinds, int[] word, int[] shift, int[] nullWord, int[] nullShift, boolean two) {
            this.kinds = kinds;
            this.word = word;
            this.shift = shift;
            this.nullWord = nullWord;
            this.nullShift = nullShift;
            this.two = two;
            this.map1 = new LongMap(1024);
            this.map2 = two ? new LongPairMap(1024) : null;
        }

        /** First-fit layout of value fields, then null bits, into two 64-bit words; null if they do not fit. */
        static Packed layout(ColumnKind[] kinds) {
            int n = kinds.length;
            int[] used = new int[2];
            int[] word = new int[n];
            int[] shift = new int[n];
            int[] nullWord = new int[n];
            int[] nullShift = new int[n];
            for (int c = 0; c < n; c++) {
                if (!KeyLongs.isFixed(kinds[c])) {
                    return null;
                }
                int b = KeyLongs.bits(kinds[c]);
                int w = used[0] + b <= 64 ? 0 : used[1] + b <= 64 ? 1 : -1;
                if (w < 0) {
                    return null;
                }
                word[c] = w;
                shift[c] = used[w];
                used[w] += b;
            }
            for (int c = 0; c < n; c++) {
                int w = used[0] < 64 ? 0 : used[1] < 64 ? 1 : -1;
                if (w < 0) {
                    return null;
                }
                nullWord[c] = w;
                nullShift[c] = used[w];
                used[w]++;
            }
            return new Packed(kinds.clone(), word, shift, nullWord, nullShift, used[1] > 0);
        }

        @Override
        int findOrInsert(List<FieldVector> keys, int rows, int[] gids, int[] newRows) {
            if (k0.length < rows) {
                k0 = new long[rows];
                k1 = new long[rows];
            }
            long[] a = k0;
            long[] b = k1;
            Arrays.fill(a, 0, rows, 0L);
            if (two) {
                Arrays.fill(b, 0, rows, 0L);
            }
            for (int c = 0; c < kinds.length; c++) {
                FieldVector v = keys.get(c);
                long[] vals = tmp = KeyLongs.load(v, kinds[c], rows, tmp);
                int bits = KeyLongs.bits(kinds[c]);
                long m = bits == 64 ? -1L : (1L << bits) - 1;
                int s = shift[c];
                long[] dst = word[c] == 0 ? a : b;
                for (int r = 0; r < rows; r++) {
                    dst[r] |= (vals[r] & m) << s;
                }
                if (v.getNullCount() > 0) {
                    ArrowBuf vb = v.getValidityBuffer();
                    long[] nd = nullWord[c] == 0 ? a : b;
                    long bit = 1L << nullShift[c];
                    for (int r = 0; r < rows; r++) {
                        if (BitVectorHelper.get(vb, r) == 0) {
                            nd[r] |= bit;
                        }
                    }
                }
            }
            int created = 0;
            int next = groups;
            int lastGid = -1;
            if (!two) {
                LongMap mp = map1;
                long last = 0;
                for (int r = 0; r < rows; r++) {
                    long k = a[r];
                    if (k == last && lastGid >= 0) {
                        gids[r] = lastGid;
                        continue;
                    }
                    int g = mp.getOrInsert(k, next);
                    if (g == next) {
                        next++;
                        newRows[created++] = r;
                    }
                    gids[r] = g;
                    last = k;
                    lastGid = g;
                }
            } else {
                // keys whose second word is 0 (typically: no null key column) live in the one-long map, which
                // is smaller and cheaper; the split depends on the key only, so equal keys meet in one map
                LongMap m1 = map1;
                LongPairMap mp = map2;
                long lastA = 0;
                long lastB = 0;
                for (int r = 0; r < rows; r++) {
                    long ka = a[r];
                    long kb = b[r];
                    if (ka == lastA && kb == lastB && lastGid >= 0) {
                        gids[r] = lastGid;
                        continue;
                    }
                    int g = kb == 0 ? m1.getOrInsert(ka, next) : mp.getOrInsert(ka, kb, next);
                    if (g == next) {
                        next++;
                        newRows[created++] = r;
                    }
                    gids[r] = g;
                    lastA = ka;
                    lastB = kb;
                    lastGid = g;
                }
            }
            groups = next;
            return created;
        }

        @Override
        long sizeBytes() {
            return map1.sizeBytes() + (two ? map2.sizeBytes() : 0);
        }

        @Override
        String name() {
            return two ? "packed128" : "packed64";
        }
    }

    /**
     * One UTF8/BINARY key: hashes and compares the bytes where Arrow keeps them; a group's key bytes are
     * copied into the arena once, when it is created. Slots pack the upper 32 bits of the hash with group id
     * + 1 (0 = empty), as in {@link GroupTable}.
     */
    private static final class SingleBytes extends Strategy {
        private long[] slots = new long[2048];
        private int mask = slots.length - 1;
        private long[] hashes = new long[1024];
        /** Each group's first 24 key bytes as three words: keys up to 24 bytes compare without the arena. */
        private long[] words0 = new long[1024];
        private long[] words1 = new long[1024];
        private long[] words2 = new long[1024];
        private int[] keyOffsets = new int[1025];
        private byte[] arena = new byte[8192];
        private int arenaSize;
        private int nullGroup = -1;
        private int inTable;
        private long[] hashBuf = new long[0];
        private long[] w0Buf = new long[0];
        private long[] w1Buf = new long[0];
        private long[] w2Buf = new long[0];
        private int[] lenBuf = new int[0];

        @Override
        int findOrInsert(List<FieldVector> keys, int rows, int[] gids, int[] newRows) {
            FieldVector v = keys.get(0);
            ArrowBuf d = v.getDataBuffer();
            ArrowBuf off = v.getOffsetBuffer();
            boolean nulls = v.getNullCount() > 0;
            ArrowBuf vb = v.getValidityBuffer();
            long cap = d.capacity();
            if (hashBuf.length < rows) {
                hashBuf = new long[rows];
                w0Buf = new long[rows];
                w1Buf = new long[rows];
                w2Buf = new long[rows];
                lenBuf = new int[rows];
            }
            long[] hs = hashBuf;
            long[] w0s = w0Buf;
            long[] w1s = w1Buf;
            long[] w2s = w2Buf;
            int[] lens = lenBuf;
            // hashes and leading words first, in their own loop: independent per row, so the CPU overlaps them
            for (int r = 0; r < rows; r++) {
                if (nulls && BitVectorHelper.get(vb, r) == 0) {
                    continue; // offsets of null slots are not to be trusted
                }
                int start = off.getInt((long) r << 2);
                int len = off.getInt((long) (r + 1) << 2) - start;
                long w0 = BytesKeys.word(d, start, len, cap);
                long w1 = BytesKeys.word(d, start + 8, len - 8, cap);
                long w2 = BytesKeys.word(d, start + 16, len - 16, cap);
                w0s[r] = w0;
                w1s[r] = w1;
                w2s[r] = w2;
                lens[r] = len;
                hs[r] = len <= 24 ? BytesKeys.shortHash(w0, w1, w2, len) : BytesKeys.hash(d, start, len, cap);
            }
            int created = 0;
            long lastHash = 0;
            int lastGid = -1;
            for (int r = 0; r < rows; r++) {
                if (nulls && BitVectorHelper.get(vb, r) == 0) {
                    if (nullGroup < 0) {
                        nullGroup = newGroup(0, 0, 0, 0, d, 0, 0, false);
                        newRows[created++] = r;
                    }
                    gids[r] = nullGroup;
                    continue;
                }
                long h = hs[r];
                long w0 = w0s[r];
                long w1 = w1s[r];
                long w2 = w2s[r];
                int len = lens[r];
                if (h == lastHash && lastGid >= 0 && equal(lastGid, w0, w1, w2, len, d, r, off, cap)) {
                    gids[r] = lastGid;
                    continue;
                }
                long fingerprint = h & 0xFFFFFFFF00000000L;
                int slot = (int) h & mask;
                int gid;
                while (true) {
                    long entry = slots[slot];
                    if (entry == 0) {
                        gid = newGroup(h, w0, w1, w2, d, off.getInt((long) r << 2), len, true);
                        slots[slot] = fingerprint | (gid + 1L);
                        newRows[created++] = r;
                        if (++inTable * 2 > slots.length) {
                            rehash();
                        }
                        break;
                    }
                    if ((entry & 0xFFFFFFFF00000000L) == fingerprint) {
                        int g = (int) entry - 1;
                        if (equal(g, w0, w1, w2, len, d, r, off, cap)) {
                            gid = g;
                            break;
                        }
                    }
                    slot = (slot + 1) & mask;
                }
                gids[r] = gid;
                lastHash = h;
                lastGid = gid;
            }
            return created;
        }

        /** Whether group {@code g}'s key equals row {@code r}'s (whose first words are {@code w0, w1, w2}). */
        private boolean equal(int g, long w0, long w1, long w2, int len, ArrowBuf d, int r, ArrowBuf off, long cap) {
            if (words0[g] != w0 || words1[g] != w1 || words2[g] != w2) {
                return false;
            }
            int as = keyOffsets[g];
            if (keyOffsets[g + 1] - as != len) {
                return false;
            }
            return len <= 24 || BytesKeys.equal(arena, as, d, off.getInt((long) r << 2), len, cap);
        }

        private int newGroup(long h, long w0, long w1, long w2, ArrowBuf d, long start, int len, boolean copy) {
            int g = groups;
            if (g == hashes.length) {
                hashes = Arrays.copyOf(hashes, g * 2);
                words0 = Arrays.copyOf(words0, g * 2);
                words1 = Arrays.copyOf(words1, g * 2);
                words2 = Arrays.copyOf(words2, g * 2);
                keyOffsets = Arrays.copyOf(keyOffsets, g * 2 + 1);
            }
            // 8 spare bytes behind the last key: BytesKeys.equal reads whole words
            if ((long) arenaSize + len + 8 > arena.length) {
                long n = Math.max((long) arena.length * 2, (long) arenaSize + len + 8);
                if (n > Integer.MAX_VALUE - 16) {
                    n = Integer.MAX_VALUE - 16;
                    if ((long) arenaSize + len + 8 > n) {
                        throw new DaftException("group keys exceed 2 GiB in one aggregation");
                    }
                }
                arena = Arrays.copyOf(arena, (int) n);
            }
            if (copy && len > 0) {
                d.getBytes(start, arena, arenaSize, len);
            }
            keyOffsets[g] = arenaSize;
            arenaSize += len;
            keyOffsets[g + 1] = arenaSize;
            hashes[g] = h;
            words0[g] = w0;
            words1[g] = w1;
            words2[g] = w2;
            groups = g + 1;
            return g;
        }

        private void rehash() {
            int cap = slots.length * 2;
            long[] ns = new long[cap];
            int m = cap - 1;
            for (int g = 0; g < groups; g++) {
                if (g == nullGroup) {
                    continue;
                }
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

        @Override
        long sizeBytes() {
            return slots.length * 8L + hashes.length * 36L + arena.length;
        }

        @Override
        String name() {
            return "bytes";
        }
    }

    /** Everything else: order-preserving encoded keys in a {@link GroupTable}. */
    private static final class Encoded extends Strategy {
        private final GroupTable table = new GroupTable(1024);

        @Override
        int findOrInsert(List<FieldVector> keys, int rows, int[] gids, int[] newRows) {
            int created = table.findOrInsert(KeyEncoder.encode(keys, rows), null, gids, newRows);
            groups = table.groupCount();
            return created;
        }

        @Override
        long sizeBytes() {
            return table.sizeBytes();
        }

        @Override
        String name() {
            return "encoded";
        }
    }
}
