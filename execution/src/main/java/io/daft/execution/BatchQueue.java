package io.daft.execution;

import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A hand-off queue between one producer and one consumer, bounded in bytes rather than items: it holds batches
 * up to {@code capacity} bytes, counted in a (shared, unspillable) reservation, and waits when either is full.
 * It always takes one item when empty, counted if the pool allows, so a batch larger than the bound, or a pool
 * full of other things, slows the producer down to the consumer's pace but never stops it. Markers (the end,
 * a failure) weigh nothing.
 */
final class BatchQueue {
    private final long capacity;
    private final MemoryReservation reservation;
    private final ArrayDeque<Entry> items = new ArrayDeque<>();
    private long bytes;

    private static final class Entry {
        final Object item;
        final long size;
        final long reserved;

        Entry(Object item, long size, long reserved) {
            this.item = item;
            this.size = size;
            this.reserved = reserved;
        }
    }

    BatchQueue(long capacity, MemoryReservation reservation) {
        this.capacity = capacity;
        this.reservation = requireNonNull(reservation, "reservation");
    }

    /** Adds {@code item} (a batch or a marker), waiting up to {@code timeoutMillis} for room; false if it timed out. */
    synchronized boolean offer(Object item, long timeoutMillis) throws InterruptedException {
        long size = item instanceof RecordBatch ? ((RecordBatch) item).sizeBytes() : 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            boolean fits = size == 0 || (bytes + size <= capacity && reservation.tryGrow(size));
            if (fits || items.isEmpty()) {
                items.add(new Entry(item, size, fits ? size : 0));
                bytes += size;
                notifyAll();
                return true;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
    }

    /** The oldest item, waiting for one. */
    synchronized Object take() throws InterruptedException {
        while (items.isEmpty()) {
            wait();
        }
        return remove();
    }

    private Object remove() {
        Entry e = items.poll();
        bytes -= e.size;
        reservation.shrink(e.reserved);
        notifyAll();
        return e.item;
    }

    /** Empties the queue, returning what it held (for the caller to release). */
    synchronized List<Object> clear() {
        List<Object> out = new ArrayList<>(items.size());
        while (!items.isEmpty()) {
            out.add(remove());
        }
        return out;
    }
}
