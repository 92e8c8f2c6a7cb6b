package io.daft.ops.join;

import io.daft.core.Schema;
import io.daft.ops.ColumnKind;
import io.daft.ops.hash.BytesKeys;
import io.daft.ops.hash.EncodedKeys;
import io.daft.ops.hash.KeyEncoder;
import io.daft.ops.hash.KeyLongs;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The build side of a hash join: all build rows concatenated into one batch, chained by key hash in primitive
 * arrays (bucket heads + next pointers). Rows with a null key are kept (outer and anti joins emit them) but
 * are not in any chain, so they never match.
 *
 * <p>Keys are compared by SQL equality without building order-preserving encodings where possible: a single
 * fixed-width key is compared as a long ({@link KeyLongs}); a single UTF8/BINARY key is hashed and compared in
 * place in the Arrow buffers of both sides; other key shapes use {@link KeyEncoder} encodings.
 *
 * <p>Immutable after {@link #build}: any number of {@link HashJoinProbe}s may probe it concurrently. Closing it
 * frees the build batch; close it after every probe is done.
 */
public final class JoinHashTable implements AutoCloseable {
    private static final int GENERIC = 0;
    private static final int LONG = 1;
    private static final int BYTES = 2;

    private final RecordBatch batch;
    private final int[] keyColumns;
    private final int mode;
    private final ColumnKind kind;
    /** GENERIC: the encoded build keys. */
    private final EncodedKeys keys;
    /** LONG: each build row's key as a long. */
    private final long[] longKeys;
    /** GENERIC, BYTES: each build row's key hash. */
    private final long[] hashes;
    private final int[] heads;
    private final int[] next;
    private final int mask;

    private JoinHashTable(RecordBatch batch, int[] keyColumns, int mode, ColumnKind kind, EncodedKeys keys,
                          long[] longKeys, long[] hashes, int[] heads, int[] next) {
        this.batch = batch;
        this.keyColumns = keyColumns;
        this.mode = mode;
        this.kind = kind;
        this.keys = keys;
        this.longKeys = longKeys;
        this.hashes = hashes;
        this.heads = heads;
        this.next = next;
        this.mask = heads.length - 1;
    }

    /** Longest chain of build rows one probe row can meet (0 until computed; computed once, racily but alike). */
    private int maxChain;

    /**
     * The most build rows one probe key can match: the longest chain of a hash bucket, an upper bound on a key's
     * duplicates. A probe uses it to bound its output batches when keys repeat by the thousand.
     */
    public int maxMatchesPerKey() {
        int m = maxChain;
        if (m == 0) {
            m = 1;
            for (int h = 0; h < heads.length; h++) {
                int n = 0;
                for (int r = heads[h]; r >= 0; r = next[r]) {
                    n++;
                }
                m = Math.max(m, n);
            }
            maxChain = m;
        }
        return m;
    }

    /** Builds the table over copies of {@code buildBatches} (which stay owned by the caller). */
    public static JoinHashTable build(List<RecordBatch> buildBatches, Schema buildSchema, int[] keyColumns) {
        requireNonNull(buildSchema, "buildSchema");
        RecordBatch all = RecordBatch.concat(buildSchema, buildBatches);
        try {
            int rows = all.rowCount();
            List<FieldVector> cols = new ArrayList<>(keyColumns.length);
            for (int c : keyColumns) {
                cols.add(all.column(c));
            }
            int cap = Integer.highestOneBit(Math.max(16, rows * 2 - 1)) << 1;
            int[] heads = new int[cap];
            Arrays.fill(heads, -1);
            int[] next = new int[rows];
            int m = cap - 1;
            boolean[] nullKey = new boolean[rows];
            ColumnKind kind = cols.size() == 1 ? ColumnKind.of(cols.get(0)) : null;
            int mode = kind == null ? GENERIC : KeyLongs.isFixed(kind) ? LONG : kind == ColumnKind.VARBINARY ? BYTES : GENERIC;
            EncodedKeys keys = null;
            long[] longKeys = null;
            long[] hashes = null;
            long[] bucketHash;
            if (mode == LONG) {
                FieldVector v = cols.get(0);
                longKeys = KeyLongs.load(v, kind, rows, null);
                markNulls(v, rows, nullKey);
                bucketHash = new long[rows];
                for (int r = 0; r < rows; r++) {
                    bucketHash[r] = mixLong(longKeys[r]);
                }
            } else if (mode == BYTES) {
                FieldVector v = cols.get(0);
                markNulls(v, rows, nullKey);
                hashes = new long[rows];
                ArrowBuf d = v.getDataBuffer();
                ArrowBuf off = v.getOffsetBuffer();
                long dcap = d.capacity();
                for (int r = 0; r < rows; r++) {
                    if (!nullKey[r]) {
                        int s = off.getInt((long) r << 2);
                        hashes[r] = BytesKeys.hash(d, s, off.getInt((long) (r + 1) << 2) - s, dcap);
                    }
                }
                bucketHash = hashes;
            } else {
                keys = KeyEncoder.encode(cols, rows);
                hashes = keys.hashes();
                for (int r = 0; r < rows; r++) {
                    nullKey[r] = keys.hasNull(r);
                }
                bucketHash = hashes;
            }
            // insert in reverse so each chain lists rows in build order
            for (int r = rows - 1; r >= 0; r--) {
                if (nullKey[r]) {
                    next[r] = -1;
                    continue;
                }
                int b = bucket(bucketHash[r], m);
                next[r] = heads[b];
                heads[b] = r;
            }
            return new JoinHashTable(all, keyColumns.clone(), mode, kind, keys, longKeys, hashes, heads, next);
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    /**
     * Heap bytes {@link #build} needs for {@code batches} (chains, keys, and the arrays used while building), an
     * upper estimate, so a caller can reserve them before building.
     */
    public static long estimateHeapBytes(List<RecordBatch> batches, int[] keyColumns) {
        long rows = 0;
        long keyBytes = 0;
        for (RecordBatch b : batches) {
            rows += b.rowCount();
            for (int c : keyColumns) {
                keyBytes += b.column(c).getBufferSize();
            }
        }
        long cap = Long.highestOneBit(Math.max(16, rows * 2 - 1)) << 1;
        // heads + next + null flags + one long per row (hashes or bucket hashes) + one more (long keys)
        long bytes = cap * 4 + rows * (4 + 1 + 8 + 8);
        boolean single = keyColumns.length == 1 && !batches.isEmpty();
        ColumnKind kind = single ? ColumnKind.of(batches.get(0).column(keyColumns[0])) : null;
        if (kind == null || !(KeyLongs.isFixed(kind) || kind == ColumnKind.VARBINARY)) {
            bytes += keyBytes * 3 / 2 + rows * 24; // encoded keys (null flags, escapes), offsets, flags
        }
        return bytes;
    }

    private static void markNulls(FieldVector v, int rows, boolean[] nullKey) {
        if (v.getNullCount() > 0) {
            ArrowBuf vb = v.getValidityBuffer();
            for (int r = 0; r < rows; r++) {
                nullKey[r] = BitVectorHelper.get(vb, r) == 0;
            }
        }
    }

    private static long mixLong(long k) {
        long h = (k ^ (k >>> 32)) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static int bucket(long h, int m) {
        return (int) (h ^ (h >>> 32)) & m;
    }

    public Schema schema() {
        return batch.schema();
    }

    public int rowCount() {
        return batch.rowCount();
    }

    /** The build rows (owned by the table; do not close). */
    public RecordBatch batch() {
        return batch;
    }

    /** Approximate memory held: the build rows (Arrow) plus keys and chains (heap). */
    public long estimatedSizeBytes() {
        long keyBytes = keys == null ? 0 : keys.data().length;
        long arrays = (hashes == null ? 0 : hashes.length * 8L) + (longKeys == null ? 0 : longKeys.length * 8L);
        return batch.sizeBytes() + keyBytes + arrays + heads.length * 4L + next.length * 4L;
    }

    int[] keyColumns() {
        return keyColumns;
    }

    /**
     * Appends to ({@code pRows}, {@code bRows}) every (probe row, build row) pair with equal non-null keys, in
     * probe row order and, per probe row, build order ({@code firstOnly}: the first build row only).
     * {@code probeKeys} are the probe batch's key columns (types as the build keys).
     */
    void match(List<FieldVector> probeKeys, int rows, boolean firstOnly, IntList pRows, IntList bRows) {
        if (rows == 0) {
            return;
        }
        switch (mode) {
            case LONG:
                matchLongs(probeKeys.get(0), rows, firstOnly, pRows, bRows);
                break;
            case BYTES:
                matchBytes(probeKeys.get(0), rows, firstOnly, pRows, bRows);
                break;
            default:
                matchEncoded(probeKeys, rows, firstOnly, pRows, bRows);
        }
    }

    private void matchLongs(FieldVector v, int rows, boolean firstOnly, IntList pRows, IntList bRows) {
        long[] vals = KeyLongs.load(v, kind, rows, null);
        boolean nulls = v.getNullCount() > 0;
        ArrowBuf vb = v.getValidityBuffer();
        long[] bk = longKeys;
        int[] nx = next;
        for (int r = 0; r < rows; r++) {
            if (nulls && BitVectorHelper.get(vb, r) == 0) {
                continue;
            }
            long k = vals[r];
            for (int b = heads[bucket(mixLong(k), mask)]; b >= 0; b = nx[b]) {
                if (bk[b] == k) {
                    pRows.add(r);
                    bRows.add(b);
                    if (firstOnly) {
                        break;
                    }
                }
            }
        }
    }

    private void matchBytes(FieldVector v, int rows, boolean firstOnly, IntList pRows, IntList bRows) {
        FieldVector bv = batch.column(keyColumns[0]);
        ArrowBuf bd = bv.getDataBuffer();
        ArrowBuf boff = bv.getOffsetBuffer();
        long bcap = bd.capacity();
        ArrowBuf d = v.getDataBuffer();
        ArrowBuf off = v.getOffsetBuffer();
        long cap = d.capacity();
        boolean nulls = v.getNullCount() > 0;
        ArrowBuf vb = v.getValidityBuffer();
        long[] hs = hashes;
        int[] nx = next;
        for (int r = 0; r < rows; r++) {
            if (nulls && BitVectorHelper.get(vb, r) == 0) {
                continue;
            }
            int s = off.getInt((long) r << 2);
            int len = off.getInt((long) (r + 1) << 2) - s;
            long h = BytesKeys.hash(d, s, len, cap);
            for (int b = heads[bucket(h, mask)]; b >= 0; b = nx[b]) {
                if (hs[b] != h) {
                    continue;
                }
                int bs = boff.getInt((long) b << 2);
                if (boff.getInt((long) (b + 1) << 2) - bs == len && BytesKeys.equal(bd, bs, bcap, d, s, cap, len)) {
                    pRows.add(r);
                    bRows.add(b);
                    if (firstOnly) {
                        break;
                    }
                }
            }
        }
    }

    private void matchEncoded(List<FieldVector> probeKeys, int rows, boolean firstOnly, IntList pRows, IntList bRows) {
        EncodedKeys probe = KeyEncoder.encode(probeKeys, rows);
        int[] nx = next;
        for (int r = 0; r < rows; r++) {
            if (probe.hasNull(r)) {
                continue;
            }
            long h = probe.hash(r);
            for (int b = heads[bucket(h, mask)]; b >= 0; b = nx[b]) {
                if (hashes[b] == h && keys.equalsRow(b, probe, r)) {
                    pRows.add(r);
                    bRows.add(b);
                    if (firstOnly) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * One probe batch's keys prepared for {@link #firstCandidate}/{@link #nextCandidate}: candidate pairs walked
     * one at a time, so a caller can stop or resume anywhere (join conditions beyond the keys).
     */
    static final class ProbeKeys {
        private final int rows;
        private final boolean[] nullKey;
        private final long[] hashes;
        private final long[] vals;
        private final EncodedKeys encoded;
        /** BYTES: the probe and build key buffers, fetched once per batch. */
        private ArrowBuf data;
        private ArrowBuf offsets;
        private ArrowBuf buildData;
        private ArrowBuf buildOffsets;

        private ProbeKeys(int rows, boolean[] nullKey, long[] hashes, long[] vals, EncodedKeys encoded) {
            this.rows = rows;
            this.nullKey = nullKey;
            this.hashes = hashes;
            this.vals = vals;
            this.encoded = encoded;
        }

        int rows() {
            return rows;
        }
    }

    /** Prepares a probe batch's key columns (types as the build keys) for candidate-at-a-time matching. */
    ProbeKeys probeKeys(List<FieldVector> probeKeys, int rows) {
        boolean[] nullKey = new boolean[rows];
        long[] hs = new long[rows];
        if (mode == LONG) {
            FieldVector v = probeKeys.get(0);
            long[] vals = KeyLongs.load(v, kind, rows, null);
            markNulls(v, rows, nullKey);
            for (int r = 0; r < rows; r++) {
                hs[r] = mixLong(vals[r]);
            }
            return new ProbeKeys(rows, nullKey, hs, vals, null);
        }
        if (mode == BYTES) {
            FieldVector v = probeKeys.get(0);
            markNulls(v, rows, nullKey);
            ArrowBuf d = v.getDataBuffer();
            ArrowBuf off = v.getOffsetBuffer();
            long cap = d.capacity();
            for (int r = 0; r < rows; r++) {
                if (!nullKey[r]) {
                    int s = off.getInt((long) r << 2);
                    hs[r] = BytesKeys.hash(d, s, off.getInt((long) (r + 1) << 2) - s, cap);
                }
            }
            ProbeKeys k = new ProbeKeys(rows, nullKey, hs, null, null);
            FieldVector bv = batch.column(keyColumns[0]);
            k.data = d;
            k.offsets = off;
            k.buildData = bv.getDataBuffer();
            k.buildOffsets = bv.getOffsetBuffer();
            return k;
        }
        EncodedKeys enc = KeyEncoder.encode(probeKeys, rows);
        for (int r = 0; r < rows; r++) {
            nullKey[r] = enc.hasNull(r);
            if (!nullKey[r]) {
                hs[r] = enc.hash(r);
            }
        }
        return new ProbeKeys(rows, nullKey, hs, null, enc);
    }

    /** The first build row (in build order) whose key equals probe row {@code r}'s, or -1. */
    int firstCandidate(ProbeKeys k, int r) {
        return k.nullKey[r] ? -1 : candidateFrom(k, r, heads[bucket(k.hashes[r], mask)]);
    }

    /** The next build row after candidate {@code b} whose key equals probe row {@code r}'s, or -1. */
    int nextCandidate(ProbeKeys k, int r, int b) {
        return candidateFrom(k, r, next[b]);
    }

    private int candidateFrom(ProbeKeys k, int r, int b) {
        long h = k.hashes[r];
        switch (mode) {
            case LONG: {
                long key = k.vals[r];
                for (; b >= 0; b = next[b]) {
                    if (longKeys[b] == key) {
                        return b;
                    }
                }
                return -1;
            }
            case BYTES: {
                ArrowBuf bd = k.buildData;
                ArrowBuf boff = k.buildOffsets;
                ArrowBuf d = k.data;
                ArrowBuf off = k.offsets;
                int s = off.getInt((long) r << 2);
                int len = off.getInt((long) (r + 1) << 2) - s;
                for (; b >= 0; b = next[b]) {
                    if (hashes[b] != h) {
                        continue;
                    }
                    int bs = boff.getInt((long) b << 2);
                    if (boff.getInt((long) (b + 1) << 2) - bs == len
                            && BytesKeys.equal(bd, bs, bd.capacity(), d, s, d.capacity(), len)) {
                        return b;
                    }
                }
                return -1;
            }
            default:
                for (; b >= 0; b = next[b]) {
                    if (hashes[b] == h && keys.equalsRow(b, k.encoded, r)) {
                        return b;
                    }
                }
                return -1;
        }
    }

    @Override
    public void close() {
        batch.close();
    }
}
