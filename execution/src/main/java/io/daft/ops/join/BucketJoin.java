package io.daft.ops.join;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The grace hash join over a build side spilled to hash buckets: the probe side is split into buckets the same
 * way, then each pair of buckets is joined in memory (build table, stream the probe bucket through it, then emit the
 * bucket's outer rows), one pair at a time, streaming the output. A build bucket that still does not fit under the
 * reservation is split again, both sides, with the next depth's seed; after {@link JoinBuckets#MAX_DEPTH} splits
 * the rows left share a key (or nearly), and the join fails with a {@link MemoryLimitExceededException}.
 */
final class BucketJoin extends BufferedBatchIterator {
    /**
     * One pair of buckets to join; the probe bucket is always this join's, the build one only when owned.
     * {@code forced}: built whatever the pool allows (see {@link #FORCED_BUCKET_FRACTION}).
     */
    private record Task(SpillFile build, boolean ownsBuild, SpillFile probe, int depth, boolean forced) {
        Task(SpillFile build, boolean ownsBuild, SpillFile probe, int depth) {
            this(build, ownsBuild, probe, depth, false);
        }
    }

    /**
     * A build bucket no larger than this fraction of the memory limit that gets no memory at all, or still does not
     * fit after every re-partitioning, is refused because other consumers hold the memory, not because of its size
     * (skew): splitting it further would only multiply files, so it is built anyway and the join makes progress.
     */
    private static final int FORCED_BUCKET_FRACTION = 8;

    private final JoinSpec spec;
    private final List<SpillFile> buildBuckets;
    private final boolean ownsBuildBuckets;
    private final MemoryPool pool;
    private final SpillSpace space;
    private final Runnable onClose;
    private final Deque<Task> pending = new ArrayDeque<>();
    private CloseableIterator<RecordBatch> probeInput;
    private MemoryReservation reservation;
    private CloseableIterator<RecordBatch> current;

    BucketJoin(JoinSpec spec, List<SpillFile> buildBuckets, boolean ownsBuildBuckets, CloseableIterator<RecordBatch> probe,
               MemoryPool pool, SpillSpace space, Runnable onClose) {
        this.spec = requireNonNull(spec, "spec");
        this.buildBuckets = List.copyOf(buildBuckets);
        this.ownsBuildBuckets = ownsBuildBuckets;
        this.probeInput = requireNonNull(probe, "probe");
        this.pool = requireNonNull(pool, "pool");
        this.space = requireNonNull(space, "space");
        this.onClose = requireNonNull(onClose, "onClose");
    }

    @Override
    protected RecordBatch computeNext() {
        while (true) {
            if (current != null) {
                if (current.hasNext()) {
                    return current.next();
                }
                CloseableIterator<RecordBatch> done = current;
                current = null;
                done.close();
            }
            if (probeInput != null) {
                splitProbe();
            }
            if (pending.isEmpty()) {
                return null;
            }
            current = start(pending.pop());
        }
    }

    /** Splits the probe side into buckets matching the build's. */
    private void splitProbe() {
        CloseableIterator<RecordBatch> input = probeInput;
        probeInput = null;
        SpillFile[] probe = JoinBuckets.split(input, space, spec.probeSchema(), spec.probeKeys(), buildBuckets.size(),
                JoinBuckets.seed(0), "join-probe", spec.name());
        for (int i = probe.length - 1; i >= 0; i--) {
            pending.push(new Task(buildBuckets.get(i), ownsBuildBuckets, probe[i], 0));
        }
    }

    /** Starts joining a pair of buckets: the probe stream over its table, or null when it produced nothing yet. */
    private CloseableIterator<RecordBatch> start(Task t) {
        if (Thread.currentThread().isInterrupted()) {
            release(t);
            throw new DaftException("query cancelled while joining " + spec.name());
        }
        boolean noBuild = t.build.rows() == 0;
        boolean noProbe = t.probe.rows() == 0;
        if ((noBuild && !spec.probeRowsAloneEmit()) || (noProbe && !spec.buildRowsAloneEmit()) || (noBuild && noProbe)) {
            release(t);
            return null;
        }
        if (reservation == null) {
            reservation = pool.register(spec.name(), true);
        }
        List<RecordBatch> batches = new ArrayList<>();
        long loaded = 0;
        long refused = 0;
        boolean refusedHeap = false;
        JoinHashTable table = null;
        try {
            try (CloseableIterator<RecordBatch> in = JoinBuckets.read(t.build)) {
                while (in.hasNext()) {
                    RecordBatch b = in.next();
                    long size = b.sizeBytes();
                    if (t.forced) {
                        reservation.forceGrow(size, 0);
                    } else if (!reservation.tryGrow(size)) {
                        b.close();
                        refused = size;
                        break;
                    }
                    batches.add(b);
                    loaded += size;
                }
            }
            if (refused == 0) {
                long copy = batches.size() > 1 ? loaded : 0;
                long heap = JoinHashTable.estimateHeapBytes(batches, spec.buildKeys());
                if (t.forced) {
                    reservation.forceGrow(copy, heap);
                    table = spec.buildTable(batches);
                    reservation.shrink(copy);
                } else if (!reservation.tryGrow(copy)) {
                    refused = copy;
                } else if (!reservation.tryGrowHeap(heap)) {
                    reservation.shrink(copy);
                    refused = heap;
                    refusedHeap = true;
                } else {
                    table = spec.buildTable(batches);
                    reservation.shrink(copy);
                }
            }
        } catch (RuntimeException e) {
            release(t);
            reservation.free();
            throw e;
        } finally {
            batches.forEach(RecordBatch::close);
        }
        if (table == null) {
            reservation.free();
            split(t, loaded, refused, refusedHeap);
            return null;
        }
        JoinHashTable built = table;
        return new ProbeStream(JoinBuckets.read(t.probe), spec.probe(built), () -> {
            built.close();
            reservation.free();
            release(t);
        }, spec.name());
    }

    /** Splits a pair of buckets whose build side did not fit ({@code fits} bytes of it did) into smaller pairs. */
    private void split(Task t, long fits, long refused, boolean refusedHeap) {
        int depth = t.depth + 1;
        if ((fits == 0 || depth > JoinBuckets.MAX_DEPTH) && t.build.bytes() <= reservation.poolLimit() / FORCED_BUCKET_FRACTION) {
            pending.push(new Task(t.build, t.ownsBuild, t.probe, t.depth, true));
            return;
        }
        if (depth > JoinBuckets.MAX_DEPTH) {
            release(t);
            String why = reservation.refusal(refused, refusedHeap);
            throw new MemoryLimitExceededException(why + "; a build bucket of " + t.build.rows() + " rows still does not fit"
                    + " after " + JoinBuckets.MAX_DEPTH + " re-partitionings by hash: one join key has more rows than the"
                    + " memory limit holds (skew), so spilling cannot help");
        }
        // enough buckets that each is about half of what fitted, within sane bounds
        long want = fits <= 0 ? 64 : 2 * (t.build.bytes() + fits - 1) / fits;
        int k = (int) Math.min(64, Math.max(4, Long.highestOneBit(Math.max(1, want - 1)) << 1));
        long seed = JoinBuckets.seed(depth);
        SpillFile[] build = null;
        SpillFile[] probe = null;
        try {
            build = JoinBuckets.split(JoinBuckets.read(t.build), space, spec.buildSchema(), spec.buildKeys(), k, seed, "join-build", spec.name());
            probe = JoinBuckets.split(JoinBuckets.read(t.probe), space, spec.probeSchema(), spec.probeKeys(), k, seed, "join-probe", spec.name());
        } catch (RuntimeException e) {
            JoinBuckets.delete(build);
            release(t);
            throw e;
        }
        release(t);
        for (int i = k - 1; i >= 0; i--) {
            pending.push(new Task(build[i], true, probe[i], depth));
        }
    }

    private static void release(Task t) {
        t.probe.delete();
        if (t.ownsBuild) {
            t.build.delete();
        }
    }

    @Override
    protected void closeSources() {
        try {
            if (current != null) {
                current.close();
                current = null;
            }
            if (probeInput != null) {
                probeInput.close();
                probeInput = null;
            }
        } finally {
            while (!pending.isEmpty()) {
                release(pending.pop());
            }
            if (reservation != null) {
                reservation.close();
            }
            onClose.run();
        }
    }
}
