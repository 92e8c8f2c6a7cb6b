package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.memory.MemoryReservation;
import io.daft.ops.sort.ExternalSort;
import io.daft.ops.sort.TopN;
import io.daft.ops.window.StreamingWindow;
import io.daft.physical.SortPlan;
import io.daft.physical.WindowPlan;
import io.daft.recordbatch.RecordBatch;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The memory-bounded order-dependent operators of a partition pipeline: ORDER BY (an external merge sort),
 * ORDER BY ... LIMIT (a top-n, moving to an external sort when its rows do not fit) and window functions
 * (one window partition at a time over the sorted input).
 */
final class SortOperators {
    private SortOperators() {
    }

    /** Sorts {@code input} (owned from here on) as {@code s} says. */
    static CloseableIterator<RecordBatch> sort(SortPlan s, CloseableIterator<RecordBatch> input, QueryContext query) {
        if (s.limit().isPresent()) {
            return BatchIterators.blocking(input, in -> topN(s, in, query));
        }
        ExternalSort sorter;
        try {
            sorter = externalSort(s, query, Long.MAX_VALUE);
        } catch (RuntimeException | Error e) {
            input.close();
            throw e;
        }
        return BatchIterators.cancellable(sorter.sorted(input), s.describe());
    }

    private static List<RecordBatch> topN(SortPlan s, CloseableIterator<RecordBatch> in, QueryContext query) {
        long limit = s.limit().getAsLong();
        try (TopN top = new TopN(s.schema(), s.keyIndices(), s.descending(), s.nullsFirst(), limit, s.offset(),
                query.reserve(s, s.describe(), true))) {
            boolean fits = true;
            while (fits && in.hasNext()) {
                try (RecordBatch b = in.next()) {
                    fits = top.add(b);
                }
            }
            Optional<RecordBatch> result = fits ? top.finish() : Optional.empty();
            if (result.isPresent()) {
                return List.of(result.get());
            }
            // the rows to keep do not fit in memory: sort externally, keeping limit + offset rows of each run
            ExternalSort sorter = externalSort(s, query, limit + s.offset());
            try {
                top.moveTo(sorter);
            } catch (RuntimeException | Error e) {
                sorter.close();
                throw e;
            }
            return BatchIterators.drain(BatchIterators.limit(sorter.sorted(in), limit, s.offset()));
        }
    }

    private static ExternalSort externalSort(SortPlan s, QueryContext query, long keepRows) {
        MemoryReservation reservation = query.reserve(s, s.describe(), true);
        return new ExternalSort(s.schema(), s.keyIndices(), s.descending(), s.nullsFirst(), reservation, query.spill(s),
                query.config().defaultMorselSize(), s.describe(), keepRows);
    }

    /** Window functions of {@code w} over the sorted input {@code open} gives. */
    static CloseableIterator<RecordBatch> window(WindowPlan w, Supplier<CloseableIterator<RecordBatch>> open, QueryContext query) {
        // Registered as a spillable consumer although it cannot spill: so it is entitled to a fair share (the sort
        // below, also spillable, then leaves it room) instead of what the sort's held rows leave, and beyond that
        // share it fails with a clear error. Reserved before the input opens, so the sort shares with it from the start.
        MemoryReservation reservation = query.reserve(w, w.describe(), true);
        try {
            Schema in = w.child().schema();
            return new StreamingWindow(open.get(), in, w.partitionIndices(), w.orderIndices(), w.descending(), w.nullsFirst(),
                    w.calls(), reservation);
        } catch (RuntimeException | Error e) {
            reservation.close();
            throw e;
        }
    }
}
