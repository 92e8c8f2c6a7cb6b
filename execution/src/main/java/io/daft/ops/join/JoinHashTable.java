package io.daft.ops.join;

import io.daft.core.Schema;
import io.daft.ops.hash.EncodedKeys;
import io.daft.ops.hash.KeyEncoder;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The build side of a hash join: all build rows concatenated into one batch, their keys encoded
 * ({@link KeyEncoder}) and chained by hash in primitive arrays (bucket heads + next pointers). Rows with a null
 * key are kept (outer and anti joins emit them) but are not in any chain, so they never match.
 *
 * <p>Immutable after {@link #build}: any number of {@link HashJoinProbe}s may probe it concurrently. Closing it
 * frees the build batch; close it after every probe is done.
 */
public final class JoinHashTable implements AutoCloseable {
    private final RecordBatch batch;
    private final int[] keyColumns;
    private final EncodedKeys keys;
    private final long[] hashes;
    private final int[] heads;
    private final int[] next;
    private final int mask;

    private JoinHashTable(RecordBatch batch, int[] keyColumns, EncodedKeys keys, long[] hashes, int[] heads, int[] next) {
        this.batch = batch;
        this.keyColumns = keyColumns;
        this.keys = keys;
        this.hashes = hashes;
        this.heads = heads;
        this.next = next;
        this.mask = heads.length - 1;
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
            EncodedKeys keys = KeyEncoder.encode(cols, rows);
            long[] hashes = keys.hashes();
            int cap = Integer.highestOneBit(Math.max(16, rows * 2 - 1)) << 1;
            int[] heads = new int[cap];
            java.util.Arrays.fill(heads, -1);
            int[] next = new int[rows];
            int m = cap - 1;
            // insert in reverse so each chain lists rows in build order
            for (int r = rows - 1; r >= 0; r--) {
                if (keys.hasNull(r)) {
                    next[r] = -1;
                    continue;
                }
                long h = hashes[r];
                int b = (int) (h ^ (h >>> 32)) & m;
                next[r] = heads[b];
                heads[b] = r;
            }
            return new JoinHashTable(all, keyColumns.clone(), keys, hashes, heads, next);
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
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

    /** Approximate memory held: the build rows (Arrow) plus encoded keys and chains (heap). */
    public long estimatedSizeBytes() {
        return batch.sizeBytes() + keys.data().length + hashes.length * 8L + heads.length * 4L + next.length * 4L;
    }

    int[] keyColumns() {
        return keyColumns;
    }

    /** First build row whose key equals probe row {@code r} of {@code probe} (hash {@code h}), or -1. */
    int first(EncodedKeys probe, int r, long h) {
        int row = heads[(int) (h ^ (h >>> 32)) & mask];
        while (row >= 0 && (hashes[row] != h || !keys.equalsRow(row, probe, r))) {
            row = next[row];
        }
        return row;
    }

    /** Next build row after {@code row} with the same key as probe row {@code r}, or -1. */
    int next(int row, EncodedKeys probe, int r, long h) {
        row = next[row];
        while (row >= 0 && (hashes[row] != h || !keys.equalsRow(row, probe, r))) {
            row = next[row];
        }
        return row;
    }

    @Override
    public void close() {
        batch.close();
    }
}
