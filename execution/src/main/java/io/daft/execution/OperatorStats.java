package io.daft.execution;

import io.daft.memory.MemoryPool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one plan node did in one query, summed over its tasks (partitions): rows and batches it produced, time spent
 * producing them (its inputs' time included), the memory its reservations held at most at once, and the bytes it
 * moved to disk. Updated by concurrent tasks; read for EXPLAIN ANALYZE.
 */
public final class OperatorStats {
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private MemoryPool memory;
    private final AtomicLong spilledBytes = new AtomicLong();

    void taskStarted() {
        tasks.incrementAndGet();
    }

    void produced(int batchRows, long elapsedNanos) {
        batches.incrementAndGet();
        rows.addAndGet(batchRows);
        nanos.addAndGet(elapsedNanos);
    }

    void spent(long elapsedNanos) {
        nanos.addAndGet(elapsedNanos);
    }

    /**
     * The pool this operator's reservations come from: a child of the query's pool with no limit of its own, so the
     * query's limit and fair shares apply while its peak is this operator's alone.
     */
    synchronized MemoryPool memory(MemoryPool query, String name) {
        if (memory == null) {
            memory = query.child(name, Long.MAX_VALUE);
        }
        return memory;
    }

    /** This operator moved {@code inMemoryBytes} to disk. */
    void spilled(long inMemoryBytes) {
        spilledBytes.addAndGet(inMemoryBytes);
    }

    public long tasks() {
        return tasks.get();
    }

    public long rows() {
        return rows.get();
    }

    public long batches() {
        return batches.get();
    }

    /** Time in this operator and the ones below it in the same pipeline, summed over tasks. */
    public long nanos() {
        return nanos.get();
    }

    /** Most bytes this operator's reservations held at once (all its tasks together). */
    public synchronized long peakMemory() {
        return memory == null ? 0 : memory.peak();
    }

    public long spilledBytes() {
        return spilledBytes.get();
    }
}
