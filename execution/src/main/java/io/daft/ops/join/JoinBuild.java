package io.daft.ops.join;

import io.daft.core.CloseableIterator;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.SpillFile;
import io.daft.spill.SpillSpace;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The collected build side of a hash join ({@link BuildCollector}): either a hash table in memory, held under its
 * reservation, or the build rows in hash-bucket spill files. Either way {@link #join} streams a probe side through
 * it; a spilled build makes it a grace hash join, bucket by bucket. A broadcast build is shared read-only by the
 * probes of every partition; close it after all of them.
 */
public final class JoinBuild implements AutoCloseable {
    private final JoinSpec spec;
    private final Optional<JoinHashTable> table;
    private final Optional<MemoryReservation> reservation;
    private final List<SpillFile> buckets;
    private final MemoryPool pool;
    private final SpillSpace space;
    private boolean closed;

    private JoinBuild(JoinSpec spec, Optional<JoinHashTable> table, Optional<MemoryReservation> reservation,
                      List<SpillFile> buckets, MemoryPool pool, SpillSpace space) {
        this.spec = requireNonNull(spec, "spec");
        this.table = table;
        this.reservation = reservation;
        this.buckets = List.copyOf(buckets);
        this.pool = pool;
        this.space = space;
    }

    static JoinBuild inMemory(JoinSpec spec, JoinHashTable table, MemoryReservation reservation) {
        return new JoinBuild(spec, Optional.of(table), Optional.of(reservation), List.of(), null, null);
    }

    static JoinBuild spilled(JoinSpec spec, List<SpillFile> buckets, MemoryPool pool, SpillSpace space) {
        return new JoinBuild(spec, Optional.empty(), Optional.empty(), buckets, requireNonNull(pool, "pool"),
                requireNonNull(space, "space"));
    }

    /**
     * Collects {@code build} (closed here) under a spillable reservation from {@code pool}, spilling to
     * {@code space} when it does not fit.
     */
    public static JoinBuild collect(JoinSpec spec, CloseableIterator<RecordBatch> build, MemoryPool pool, SpillSpace space) {
        BuildCollector collector = new BuildCollector(spec, 1, pool, space);
        try (build) {
            while (build.hasNext()) {
                collector.add(0, build.next());
            }
        } catch (RuntimeException e) {
            collector.discard();
            throw e;
        }
        return collector.finish();
    }

    /** Whether the build rows went to disk (the join runs bucket by bucket). */
    public boolean spilled() {
        return table.isEmpty();
    }

    /**
     * Joins {@code probe} (closed with the returned iterator) with this build, streaming the output. With
     * {@code closeBuild}, closing the returned iterator closes this build too (a partition's own build); without,
     * the build is shared (broadcast) and stays.
     */
    public CloseableIterator<RecordBatch> join(CloseableIterator<RecordBatch> probe, boolean closeBuild) {
        Runnable onClose = closeBuild ? this::close : () -> { };
        if (table.isPresent()) {
            return new ProbeStream(probe, spec.probe(table.get()), onClose, spec.name());
        }
        return new BucketJoin(spec, buckets, closeBuild, probe, pool, space, onClose);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            table.ifPresent(JoinHashTable::close);
        } finally {
            reservation.ifPresent(MemoryReservation::close);
            buckets.forEach(SpillFile::delete);
        }
    }
}
