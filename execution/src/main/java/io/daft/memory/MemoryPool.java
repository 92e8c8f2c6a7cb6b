package io.daft.memory;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Memory the engine may hold, handed out as {@link MemoryReservation}s, in the way of DataFusion's
 * {@code FairSpillPool}. There is one process-wide pool ({@link #global()}, sized by the global
 * {@code memory_limit}) and one child pool per running query (sized by that query's {@code memory_limit}); a
 * reservation must fit in its query's pool and in the process pool, so concurrent queries (16 JDBC clients)
 * share one limit.
 *
 * <p>Fairness: a spillable consumer (a hash table, a sort buffer, exchange buckets) may grow to at most an equal
 * share of what the unspillable consumers leave, {@code (limit - unspillable) / spillable consumers}, in every pool
 * on its way up; when it cannot grow it spills and shrinks. Unspillable consumers take what is left and fail with a
 * {@link MemoryLimitExceededException} when nothing is.
 *
 * <p>Heap state (hash-table arrays, accumulators, sort keys) counts like Arrow memory, and is also capped at
 * {@link #heapLimit()} so that it cannot exhaust the Java heap before the memory limit is reached.
 * At the process pool, Arrow memory allocated but not reserved by anyone (batches in flight between operators)
 * counts against the limit too.
 */
public final class MemoryPool {
    /** All accounting happens under one lock: reservations grow in chunks, so it is rarely contended. */
    private static final Object LOCK = new Object();
    private static final MemoryPool GLOBAL = new MemoryPool("process", Optional.empty(), MemoryLimits.defaultLimit(), true);
    private static final MemoryPool DETACHED = new MemoryPool("detached", Optional.empty(), Long.MAX_VALUE, false);

    private final String name;
    private final Optional<MemoryPool> parent;
    /** The process pool also counts Arrow memory nobody reserved, and caps heap state. */
    private final boolean process;
    private long limit;
    private long reserved;
    private long unspillable;
    private long spillableReserved;
    private int spillableConsumers;
    private long heapReserved;
    private long arrowReserved;
    private long peak;

    private MemoryPool(String name, Optional<MemoryPool> parent, long limit, boolean process) {
        this.name = requireNonNull(name, "name");
        this.parent = requireNonNull(parent, "parent");
        this.process = process;
        this.limit = positive(limit);
    }

    /** The process-wide pool. */
    public static MemoryPool global() {
        return GLOBAL;
    }

    /** A pool for one query within this one, holding at most {@code limit} bytes. Close it when the query ends. */
    public MemoryPool child(String name, long limit) {
        return new MemoryPool(name, Optional.of(this), limit, false);
    }

    /** A pool that limits and counts nothing, for operators used outside a query (tests, one-off helpers). */
    public static MemoryPool detached() {
        return DETACHED;
    }

    public String name() {
        return name;
    }

    /** Changes the limit; reservations above it stay, but no new ones are granted until usage falls below it. */
    public void setLimit(long limit) {
        synchronized (LOCK) {
            this.limit = positive(limit);
        }
    }

    public long limit() {
        synchronized (LOCK) {
            return limit;
        }
    }

    /** The smallest limit on the way up to the process pool: the most this pool's reservations may hold in all. */
    public long effectiveLimit() {
        synchronized (LOCK) {
            long l = Long.MAX_VALUE;
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                l = Math.min(l, p.limit);
            }
            return l;
        }
    }

    /** Bytes reserved now. */
    public long reserved() {
        synchronized (LOCK) {
            return reserved;
        }
    }

    /** Most bytes reserved at once since this pool was made. */
    public long peak() {
        synchronized (LOCK) {
            return peak;
        }
    }

    /** Most heap bytes reservations may hold in all: 60% of the Java heap's maximum. */
    public static long heapLimit() {
        return MemoryLimits.HEAP_LIMIT;
    }

    /**
     * A reservation of 0 bytes for {@code consumer} (an operator, named as users see it in errors and EXPLAIN
     * ANALYZE); spillable ones are held to their fair share.
     */
    public MemoryReservation register(String consumer, boolean spillable) {
        synchronized (LOCK) {
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                if (spillable) {
                    p.spillableConsumers++;
                }
            }
        }
        return new MemoryReservation(this, consumer, spillable);
    }

    /** Grows {@code r} by {@code bytes} if every pool up to the process pool allows it. */
    boolean tryGrow(MemoryReservation r, long bytes, boolean heap) {
        synchronized (LOCK) {
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                if (!p.allows(r, bytes, heap)) {
                    return false;
                }
            }
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                p.add(r.spillable(), bytes, heap);
            }
            r.added(bytes, heap);
            return true;
        }
    }

    /** Grows {@code r} by {@code bytes} whatever the pools allow (see {@link MemoryReservation#forceGrow}). */
    void force(MemoryReservation r, long bytes, boolean heap) {
        synchronized (LOCK) {
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                p.add(r.spillable(), bytes, heap);
            }
            r.added(bytes, heap);
        }
    }

    void shrink(MemoryReservation r, long bytes, boolean heap) {
        synchronized (LOCK) {
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                p.add(r.spillable(), -bytes, heap);
            }
            r.added(-bytes, heap);
        }
    }

    void unregister(MemoryReservation r) {
        synchronized (LOCK) {
            if (r.heapSize() > 0) {
                shrink(r, r.heapSize(), true);
            }
            if (r.arrowSize() > 0) {
                shrink(r, r.arrowSize(), false);
            }
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                if (r.spillable()) {
                    p.spillableConsumers--;
                }
            }
        }
    }

    /** Why {@code r} could not grow by {@code bytes}, naming the pool that refused; for error messages. */
    String refusal(MemoryReservation r, long bytes, boolean heap) {
        synchronized (LOCK) {
            for (MemoryPool p = this; p != null; p = p.parent.orElse(null)) {
                if (!p.allows(r, bytes, heap)) {
                    String why = heap && p.process && p.heapReserved + bytes > MemoryLimits.HEAP_LIMIT
                            ? "the Java heap's share for operator state is " + MemoryLimits.format(MemoryLimits.HEAP_LIMIT)
                            + " (60% of -Xmx), " + MemoryLimits.format(p.heapReserved) + " of it held"
                            : "the " + p.name + " memory_limit is " + MemoryLimits.format(p.limit) + ", "
                            + MemoryLimits.format(p.used()) + " of it in use";
                    return why;
                }
            }
            return "memory became available";
        }
    }

    private boolean allows(MemoryReservation r, long bytes, boolean heap) {
        if (used() + bytes > limit) {
            return false;
        }
        if (heap && process && heapReserved + bytes > MemoryLimits.HEAP_LIMIT) {
            return false;
        }
        if (r.spillable() && spillableConsumers > 0) {
            long share = Math.max(0, limit - unspillable) / spillableConsumers;
            return r.size() + bytes <= share;
        }
        return true;
    }

    /** Reserved bytes, plus, in the process pool, Arrow memory allocated outside any reservation. */
    private long used() {
        if (!process) {
            return reserved;
        }
        long untracked = Math.max(0, Memory.allocatedBytes() - arrowReserved);
        return reserved + untracked;
    }

    private void add(boolean spillable, long bytes, boolean heap) {
        reserved += bytes;
        if (spillable) {
            spillableReserved += bytes;
        } else {
            unspillable += bytes;
        }
        if (heap) {
            heapReserved += bytes;
        } else {
            arrowReserved += bytes;
        }
        peak = Math.max(peak, reserved);
    }

    private static long positive(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("memory limit must be > 0, got " + limit);
        }
        return limit;
    }

    @Override
    public String toString() {
        synchronized (LOCK) {
            return "MemoryPool[" + name + ", limit " + MemoryLimits.format(limit) + ", reserved " + MemoryLimits.format(reserved)
                    + " (" + MemoryLimits.format(spillableReserved) + " spillable by " + spillableConsumers + "), peak "
                    + MemoryLimits.format(peak) + "]";
        }
    }
}
