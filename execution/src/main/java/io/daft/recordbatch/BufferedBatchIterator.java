package io.daft.recordbatch;

import io.daft.core.CloseableIterator;

import java.util.NoSuchElementException;

/**
 * A batch iterator that computes one batch ahead: subclasses say how to make the next batch and how to release
 * their sources; buffering, {@code next} and closing (including the batch computed but never taken) live here.
 */
public abstract class BufferedBatchIterator implements CloseableIterator<RecordBatch> {
    private RecordBatch next;
    private boolean closed;

    /** The next batch, or null when there are no more. */
    protected abstract RecordBatch computeNext();

    /** Releases what the iterator reads from; called once, on close. */
    protected abstract void closeSources();

    @Override
    public final boolean hasNext() {
        if (next == null && !closed) {
            next = computeNext();
        }
        return next != null;
    }

    @Override
    public final RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RecordBatch b = next;
        next = null;
        return b;
    }

    @Override
    public final void close() {
        if (next != null) {
            next.close();
            next = null;
        }
        if (!closed) {
            closed = true;
            closeSources();
        }
    }
}
