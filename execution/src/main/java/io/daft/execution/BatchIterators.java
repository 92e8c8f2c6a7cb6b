package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

/** Building blocks for pull-based batch pipelines. */
public final class BatchIterators {
    private BatchIterators() {
    }

    public static CloseableIterator<RecordBatch> empty() {
        return of(List.of());
    }

    /** Iterates over batches it owns; closes the ones not taken when closed early. */
    public static CloseableIterator<RecordBatch> of(List<RecordBatch> batches) {
        Iterator<RecordBatch> it = new ArrayList<>(batches).iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public RecordBatch next() {
                return it.next();
            }

            @Override
            public void close() {
                while (it.hasNext()) {
                    it.next().close();
                }
            }
        };
    }

    /**
     * Applies {@code f} to each batch (f does not close its argument; the iterator does) and skips empty results.
     */
    public static CloseableIterator<RecordBatch> map(CloseableIterator<RecordBatch> input, UnaryOperator<RecordBatch> f) {
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                while (input.hasNext()) {
                    try (RecordBatch in = input.next()) {
                        RecordBatch out = f.apply(in);
                        if (out.rowCount() > 0 || in.rowCount() == 0) {
                            return out;
                        }
                        out.close();
                    }
                }
                return null;
            }

            @Override
            protected void closeSources() {
                input.close();
            }
        };
    }

    /**
     * Passes the batches of {@code input}, but fails with "query cancelled" once the running thread is interrupted
     * (a cancelled query), so stages reading materialized partitions stop between batches as scans do.
     */
    public static CloseableIterator<RecordBatch> cancellable(CloseableIterator<RecordBatch> input, String what) {
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                if (Thread.currentThread().isInterrupted()) {
                    throw new io.daft.core.DaftException("query cancelled while reading " + what);
                }
                return input.hasNext() ? input.next() : null;
            }

            @Override
            protected void closeSources() {
                input.close();
            }
        };
    }

    /** Skips {@code offset} rows, then passes at most {@code limit}; stops pulling the input once done. */
    public static CloseableIterator<RecordBatch> limit(CloseableIterator<RecordBatch> input, long limit, long offset) {
        return new BufferedBatchIterator() {
            private long toSkip = offset;
            private long remaining = limit;

            @Override
            protected RecordBatch computeNext() {
                while (remaining > 0 && input.hasNext()) {
                    try (RecordBatch in = input.next()) {
                        int start = (int) Math.min(toSkip, in.rowCount());
                        toSkip -= start;
                        int len = (int) Math.min(remaining, in.rowCount() - start);
                        if (len > 0) {
                            remaining -= len;
                            return in.slice(start, len);
                        }
                    }
                }
                input.close(); // done early: let the sources go now
                return null;
            }

            @Override
            protected void closeSources() {
                input.close();
            }
        };
    }

    /** Drains the iterator into a list the caller owns. */
    public static List<RecordBatch> drain(CloseableIterator<RecordBatch> input) {
        List<RecordBatch> out = new ArrayList<>();
        try (input) {
            while (input.hasNext()) {
                out.add(input.next());
            }
        } catch (RuntimeException e) {
            out.forEach(RecordBatch::close);
            throw e;
        }
        return out;
    }

    /** Concatenation of several iterators, opened one after the other. */
    public static CloseableIterator<RecordBatch> concat(List<java.util.function.Supplier<CloseableIterator<RecordBatch>>> parts) {
        return new CloseableIterator<>() {
            private int index;
            private CloseableIterator<RecordBatch> current;

            @Override
            public boolean hasNext() {
                while (true) {
                    if (current == null) {
                        if (index >= parts.size()) {
                            return false;
                        }
                        current = parts.get(index++).get();
                    }
                    if (current.hasNext()) {
                        return true;
                    }
                    current.close();
                    current = null;
                }
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }

            @Override
            public void close() {
                if (current != null) {
                    current.close();
                    current = null;
                }
                index = parts.size();
            }
        };
    }

    /**
     * Runs {@code body} over the whole input on first pull: for operators that must see all input before
     * emitting (aggregation, sort, join builds). The input is closed either way.
     */
    public static CloseableIterator<RecordBatch> blocking(CloseableIterator<RecordBatch> input,
                                                          java.util.function.Function<CloseableIterator<RecordBatch>, List<RecordBatch>> body) {
        return new CloseableIterator<>() {
            private CloseableIterator<RecordBatch> result;

            private CloseableIterator<RecordBatch> result() {
                if (result == null) {
                    try (input) {
                        result = of(body.apply(input));
                    }
                }
                return result;
            }

            @Override
            public boolean hasNext() {
                return result().hasNext();
            }

            @Override
            public RecordBatch next() {
                return result().next();
            }

            @Override
            public void close() {
                if (result != null) {
                    result.close();
                } else {
                    input.close();
                }
                result = of(List.of());
            }
        };
    }
}
