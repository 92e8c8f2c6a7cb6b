package io.daft.memory;

import static java.util.Objects.requireNonNull;

/**
 * The memory one consumer (an operator instance) holds, as DataFusion's {@code MemoryReservation}: it grows
 * before the consumer holds more and shrinks when it lets go. A spillable consumer calls {@link #tryGrow} and
 * spills when refused; an unspillable one calls {@link #grow}, which fails the query with a clear error.
 * Arrow bytes and heap bytes (Java arrays of hash tables, accumulators, sort keys) are counted apart, as the
 * pool caps heap state separately. Closing the reservation gives everything back. Thread-safe.
 */
public final class MemoryReservation implements AutoCloseable {
    private final MemoryPool pool;
    private final String consumer;
    private final boolean spillable;
    private long arrow;
    private long heap;
    private long peak;
    private boolean closed;

    MemoryReservation(MemoryPool pool, String consumer, boolean spillable) {
        this.pool = requireNonNull(pool, "pool");
        this.consumer = requireNonNull(consumer, "consumer");
        this.spillable = spillable;
    }

    /** A reservation that is not limited or counted, for operators used outside a query (tests, helpers). */
    public static MemoryReservation unbounded(String consumer) {
        return MemoryPool.detached().register(consumer, false);
    }

    public String consumer() {
        return consumer;
    }

    public boolean spillable() {
        return spillable;
    }

    /** The most this reservation's pools allow in all (its query's {@code memory_limit}, or the process's if lower). */
    public long poolLimit() {
        return pool.effectiveLimit();
    }

    /** Bytes held now (Arrow and heap). */
    public synchronized long size() {
        return arrow + heap;
    }

    synchronized long arrowSize() {
        return arrow;
    }

    synchronized long heapSize() {
        return heap;
    }

    /** Most bytes held at once. */
    public synchronized long peak() {
        return peak;
    }

    /** Grows the Arrow part by {@code bytes} if the pools allow it. */
    public boolean tryGrow(long bytes) {
        return tryGrow(bytes, false);
    }

    /** Grows the Arrow part by {@code arrowBytes} and the heap part by {@code heapBytes}, both or neither. */
    public boolean tryGrow(long arrowBytes, long heapBytes) {
        if (!tryGrow(arrowBytes, false)) {
            return false;
        }
        if (!tryGrow(heapBytes, true)) {
            shrink(arrowBytes, false);
            return false;
        }
        return true;
    }

    /** Grows the heap part by {@code bytes} if the pools allow it. */
    public boolean tryGrowHeap(long bytes) {
        return tryGrow(bytes, true);
    }

    private boolean tryGrow(long bytes, boolean onHeap) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative growth " + bytes);
        }
        checkOpen();
        return bytes == 0 || pool.tryGrow(this, bytes, onHeap);
    }

    /**
     * Grows the Arrow part by {@code arrowBytes} and the heap part by {@code heapBytes} even beyond the limit:
     * for the small, indivisible piece an operator must hold to make progress at all when other consumers hold
     * the memory. Counted like any growth, so the others see it and spill.
     */
    public void forceGrow(long arrowBytes, long heapBytes) {
        if (arrowBytes < 0 || heapBytes < 0) {
            throw new IllegalArgumentException("negative growth " + arrowBytes + ", " + heapBytes);
        }
        checkOpen();
        pool.force(this, arrowBytes, false);
        pool.force(this, heapBytes, true);
    }

    /** Grows the Arrow part or fails, naming this consumer, what it holds and the limit. */
    public void grow(long bytes) {
        if (!tryGrow(bytes, false)) {
            throw refused(bytes, false);
        }
    }

    /** Grows the heap part or fails, naming this consumer, what it holds and the limit. */
    public void growHeap(long bytes) {
        if (!tryGrow(bytes, true)) {
            throw refused(bytes, true);
        }
    }

    /** Why a growth of {@code bytes} was refused: this consumer, what it holds and the limit that refused it. */
    public String refusal(long bytes, boolean onHeap) {
        return consumer + " needs " + MemoryLimits.format(bytes) + " more memory, holding " + MemoryLimits.format(size())
                + ", but " + pool.refusal(this, bytes, onHeap);
    }

    /** The error for a refused growth of {@code bytes}; operators that can say why spilling cannot help use {@link #refusal}. */
    public MemoryLimitExceededException refused(long bytes, boolean onHeap) {
        return new MemoryLimitExceededException(refusal(bytes, onHeap));
    }

    /** Gives back {@code bytes} of the Arrow part. */
    public void shrink(long bytes) {
        shrink(bytes, false);
    }

    /** Gives back {@code bytes} of the heap part. */
    public void shrinkHeap(long bytes) {
        shrink(bytes, true);
    }

    private void shrink(long bytes, boolean onHeap) {
        synchronized (this) {
            if (closed) {
                return;
            }
            long held = onHeap ? heap : arrow;
            if (bytes < 0 || bytes > held) {
                throw new IllegalArgumentException("cannot shrink " + consumer + " by " + bytes + ", it holds " + held);
            }
        }
        if (bytes > 0) {
            pool.shrink(this, bytes, onHeap);
        }
    }

    /** Sets the Arrow part to {@code bytes}, growing (if allowed) or shrinking; false when growth was refused. */
    public boolean tryResize(long bytes) {
        long now = arrowSize();
        if (bytes <= now) {
            shrink(now - bytes, false);
            return true;
        }
        return tryGrow(bytes - now, false);
    }

    /** Sets the heap part to {@code bytes}, growing (if allowed) or shrinking; false when growth was refused. */
    public boolean tryResizeHeap(long bytes) {
        long now = heapSize();
        if (bytes <= now) {
            shrink(now - bytes, true);
            return true;
        }
        return tryGrow(bytes - now, true);
    }

    /** Gives everything back; the reservation can grow again afterwards. */
    public void free() {
        shrink(heapSize(), true);
        shrink(arrowSize(), false);
    }

    synchronized void added(long bytes, boolean onHeap) {
        if (onHeap) {
            heap += bytes;
        } else {
            arrow += bytes;
        }
        peak = Math.max(peak, arrow + heap);
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("reservation of " + consumer + " already closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        pool.unregister(this);
        synchronized (this) {
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "MemoryReservation[" + consumer + ", " + MemoryLimits.format(size()) + (spillable ? ", spillable" : "") + "]";
    }
}
