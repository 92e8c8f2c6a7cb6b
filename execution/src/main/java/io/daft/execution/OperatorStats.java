package io.daft.execution;

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
    private final AtomicLong memory = new AtomicLong();
    private final AtomicLong peakMemory = new AtomicLong();
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

    /** A reservation of this operator grew (or, negative, shrank) by {@code delta} bytes. */
    void memoryChanged(long delta) {
        long now = memory.addAndGet(delta);
        peakMemory.accumulateAndGet(now, Math::max);
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

    public long peakMemory() {
        return peakMemory.get();
    }

    public long spilledBytes() {
        return spilledBytes.get();
    }
}
