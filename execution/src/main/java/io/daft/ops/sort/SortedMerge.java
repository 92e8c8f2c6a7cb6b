package io.daft.ops.sort;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * K-way merge of batches that are each already sorted by the same keys (e.g. sorted partitions, or sorted
 * runs). Each run's keys are encoded once; a binary heap of run cursors picks the next row, comparing encoded
 * keys, with ties going to the earlier run so the merge is stable. The result is gathered in one pass.
 * {@link #stream} does the same over streams of sorted batches, holding one batch per run at a time.
 */
public final class SortedMerge {
    private SortedMerge() {
    }

    /** One batch with all rows of the sorted {@code runs} (the caller keeps them) in key order. */
    public static RecordBatch merge(List<RecordBatch> runs, Schema schema, int[] keyCols, boolean[] descending,
                                    boolean[] nullsFirst) {
        int k = runs.size();
        if (k == 0) {
            return RecordBatch.empty(schema);
        }
        if (k == 1) {
            return runs.get(0).share();
        }
        SortKeys[] keys = new SortKeys[k];
        int[] base = new int[k];
        int total = 0;
        for (int i = 0; i < k; i++) {
            keys[i] = new SortKeys(runs.get(i), keyCols, descending, nullsFirst);
            base[i] = total;
            total += runs.get(i).rowCount();
        }
        int[] pos = new int[k];
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < k; i++) {
            if (runs.get(i).rowCount() > 0) {
                heap[size++] = i;
            }
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(heap, size, i, keys, pos);
        }
        int[] perm = new int[total];
        int out = 0;
        while (size > 0) {
            int run = heap[0];
            perm[out++] = base[run] + pos[run];
            pos[run]++;
            if (pos[run] == runs.get(run).rowCount()) {
                heap[0] = heap[--size];
            }
            if (size > 0) {
                siftDown(heap, size, 0, keys, pos);
            }
        }
        try (RecordBatch all = RecordBatch.concat(schema, runs)) {
            return all.take(perm, total);
        }
    }

    private static boolean less(int a, int b, SortKeys[] keys, int[] pos) {
        int c = keys[a].compare(pos[a], keys[b], pos[b]);
        return c < 0 || (c == 0 && a < b);
    }

    private static void siftDown(int[] heap, int size, int i, SortKeys[] keys, int[] pos) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int m = r < size && less(heap[r], heap[l], keys, pos) ? r : l;
            if (!less(heap[m], heap[i], keys, pos)) {
                return;
            }
            int t = heap[m];
            heap[m] = heap[i];
            heap[i] = t;
            i = m;
        }
    }

    /**
     * Streaming k-way merge: each run is a stream of batches that together are sorted; the result streams
     * batches of at most {@code outputRows} rows in merged order (stable: ties go to the earlier run). Holds one
     * batch per run at a time. Closing the result closes every run; batches pulled from the runs are closed
     * here, and each output batch belongs to the caller.
     */
    public static CloseableIterator<RecordBatch> stream(List<CloseableIterator<RecordBatch>> runs, Schema schema,
                                                       int[] keyCols, boolean[] descending, boolean[] nullsFirst,
                                                       int outputRows) {
        return new MergeIterator(runs, schema, keyCols, descending, nullsFirst, Math.max(1, outputRows));
    }

    private static final class MergeIterator implements CloseableIterator<RecordBatch> {
        private final List<CloseableIterator<RecordBatch>> runs;
        private final Schema schema;
        private final int[] keyCols;
        private final boolean[] descending;
        private final boolean[] nullsFirst;
        private final int outputRows;
        private final RecordBatch[] current;
        private final SortKeys[] keys;
        private final int[] pos;
        private final int[] heap;
        private int size;
        private boolean started;
        private boolean closed;

        MergeIterator(List<CloseableIterator<RecordBatch>> runs, Schema schema, int[] keyCols, boolean[] descending,
                      boolean[] nullsFirst, int outputRows) {
            this.runs = List.copyOf(runs);
            this.schema = schema;
            this.keyCols = keyCols.clone();
            this.descending = descending.clone();
            this.nullsFirst = nullsFirst.clone();
            this.outputRows = outputRows;
            int k = runs.size();
            this.current = new RecordBatch[k];
            this.keys = new SortKeys[k];
            this.pos = new int[k];
            this.heap = new int[k];
        }

        /** Loads the run's next non-empty batch; false when the run is exhausted. */
        private boolean advance(int run) {
            if (current[run] != null) {
                current[run].close();
                current[run] = null;
                keys[run] = null;
            }
            CloseableIterator<RecordBatch> it = runs.get(run);
            while (it.hasNext()) {
                RecordBatch b = it.next();
                if (b.rowCount() == 0) {
                    b.close();
                    continue;
                }
                current[run] = b;
                keys[run] = new SortKeys(b, keyCols, descending, nullsFirst);
                pos[run] = 0;
                return true;
            }
            return false;
        }

        private void start() {
            started = true;
            for (int i = 0; i < runs.size(); i++) {
                if (advance(i)) {
                    heap[size++] = i;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(heap, size, i, keys, pos);
            }
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            if (!started) {
                start();
            }
            return size > 0;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int k = runs.size();
            List<RecordBatch> pieces = new ArrayList<>();
            int[] pieceOfRun = new int[k];
            int[] pieceStart = new int[k];
            java.util.Arrays.fill(pieceOfRun, -1);
            int[] rowPiece = new int[outputRows];
            int[] rowOffset = new int[outputRows];
            int out = 0;
            try {
                while (out < outputRows && size > 0) {
                    int run = heap[0];
                    if (pieceOfRun[run] < 0) {
                        pieceOfRun[run] = pieces.size();
                        pieceStart[run] = pos[run];
                        pieces.add(null); // sliced when the piece ends
                    }
                    rowPiece[out] = pieceOfRun[run];
                    rowOffset[out] = pos[run] - pieceStart[run];
                    out++;
                    pos[run]++;
                    if (pos[run] == current[run].rowCount()) {
                        pieces.set(pieceOfRun[run], current[run].slice(pieceStart[run], pos[run] - pieceStart[run]));
                        pieceOfRun[run] = -1;
                        if (!advance(run)) {
                            heap[0] = heap[--size];
                        }
                    }
                    if (size > 0) {
                        siftDown(heap, size, 0, keys, pos);
                    }
                }
                for (int run = 0; run < k; run++) {
                    if (pieceOfRun[run] >= 0) {
                        pieces.set(pieceOfRun[run], current[run].slice(pieceStart[run], pos[run] - pieceStart[run]));
                    }
                }
                int[] base = new int[pieces.size()];
                int total = 0;
                for (int i = 0; i < pieces.size(); i++) {
                    base[i] = total;
                    total += pieces.get(i).rowCount();
                }
                int[] perm = new int[out];
                for (int i = 0; i < out; i++) {
                    perm[i] = base[rowPiece[i]] + rowOffset[i];
                }
                try (RecordBatch all = RecordBatch.concat(schema, pieces)) {
                    return all.take(perm, out);
                }
            } finally {
                for (RecordBatch p : pieces) {
                    if (p != null) {
                        p.close();
                    }
                }
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < current.length; i++) {
                if (current[i] != null) {
                    current[i].close();
                    current[i] = null;
                }
            }
            for (CloseableIterator<RecordBatch> r : runs) {
                r.close();
            }
        }
    }
}
