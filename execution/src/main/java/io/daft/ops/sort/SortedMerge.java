package io.daft.ops.sort;

import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;

import java.util.List;

/**
 * K-way merge of batches that are each already sorted by the same keys (e.g. sorted partitions, or sorted
 * runs). Each run's keys are encoded once; a binary heap of run cursors picks the next row, comparing encoded
 * keys, with ties going to the earlier run so the merge is stable. The result is gathered in one pass.
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
}
