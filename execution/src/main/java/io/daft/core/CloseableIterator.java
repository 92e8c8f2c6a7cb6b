package io.daft.core;

import java.util.Iterator;

/** An iterator over resources (batches) that must be closed when the consumer stops early. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
