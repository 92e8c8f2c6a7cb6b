package io.daft.ops.join;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.ops.hash.Hashing;
import io.daft.ops.hash.Partitioner;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * Hash buckets of a grace hash join on disk: rows go to bucket {@code hash(keys, seed(depth)) mod k}. The seeds
 * differ from the exchanges' ({@link Hashing#SEED}), and from each other per depth, because the rows of one exchange
 * partition (or one bucket) agree on the earlier hash: with the same seed they would all land in one bucket.
 * Both sides of a join split with the same seed and count, so equal keys meet in buckets of equal number; a null
 * key hashes like any value and lands in some bucket, where it never matches.
 */
final class JoinBuckets {
    /** Buckets a build side that does not fit is first split into. */
    static final int FANOUT = 32;
    /** Re-partitionings of one bucket before the join gives up (one key's rows larger than the memory). */
    static final int MAX_DEPTH = 4;
    /**
     * Bytes of bucket rows read back at once when splitting or probing a bucket: its batches are slices of
     * batches split many ways, and per-batch costs (IPC messages, compression, probe set-up) dominate tiny ones.
     */
    static final long READ_BATCH_BYTES = 256 << 10;

    private JoinBuckets() {
    }

    /** The hash seed of bucketing depth {@code depth} (0: the first split). */
    static long seed(int depth) {
        return Hashing.SEED ^ (0x9E3779B97F4A7C15L * (depth + 1));
    }

    /** {@code k} new, empty spill files for batches of {@code schema}. */
    static SpillFile[] create(SpillSpace space, Schema schema, int k, String what) {
        SpillFile[] files = new SpillFile[k];
        try {
            for (int i = 0; i < k; i++) {
                files[i] = space.newFile(schema, what);
            }
        } catch (RuntimeException e) {
            delete(files);
            throw e;
        }
        return files;
    }

    /** Appends the rows of {@code batch} (still the caller's) to {@code files} by bucket. */
    static void append(SpillFile[] files, RecordBatch batch, int[] keys, long seed) {
        if (batch.rowCount() == 0) {
            return;
        }
        RecordBatch[] parts = Partitioner.partitionByHash(batch, keys, files.length, seed);
        try {
            for (int i = 0; i < parts.length; i++) {
                files[i].append(parts[i]);
            }
        } finally {
            for (RecordBatch p : parts) {
                p.close();
            }
        }
    }

    /** Splits all of {@code input} (closed here) into {@code k} finished bucket files. */
    static SpillFile[] split(CloseableIterator<RecordBatch> input, SpillSpace space, Schema schema, int[] keys, int k,
                             long seed, String what, String joinName) {
        SpillFile[] files = null;
        try (input) {
            files = create(space, schema, k, what);
            while (input.hasNext()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new DaftException("query cancelled while spilling " + joinName);
                }
                try (RecordBatch b = input.next()) {
                    append(files, b, keys, seed);
                }
            }
            finish(files);
            return files;
        } catch (RuntimeException e) {
            delete(files);
            throw e;
        }
    }

    /** The batches of {@code file}, concatenated up to about {@link #READ_BATCH_BYTES} at a time. */
    static CloseableIterator<RecordBatch> read(SpillFile file) {
        CloseableIterator<RecordBatch> in = file.read();
        Schema schema = file.schema();
        return new BufferedBatchIterator() {
            private final List<RecordBatch> pending = new ArrayList<>();

            @Override
            protected RecordBatch computeNext() {
                long bytes = 0;
                try {
                    while (bytes < READ_BATCH_BYTES && in.hasNext()) {
                        RecordBatch b = in.next();
                        pending.add(b);
                        bytes += b.sizeBytes();
                    }
                    return pending.isEmpty() ? null : RecordBatch.concat(schema, pending);
                } finally {
                    pending.forEach(RecordBatch::close);
                    pending.clear();
                }
            }

            @Override
            protected void closeSources() {
                in.close();
            }
        };
    }

    static void finish(SpillFile[] files) {
        for (SpillFile f : files) {
            f.finish();
        }
    }

    /** Deletes every file of {@code files} (null entries, or a null array, are skipped). */
    static void delete(SpillFile[] files) {
        if (files == null) {
            return;
        }
        for (SpillFile f : files) {
            if (f != null) {
                f.delete();
            }
        }
    }
}
