package io.daft.ops.window;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.memory.MemoryLimits;
import io.daft.memory.MemoryReservation;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Window functions over a stream of batches sorted by (partition columns, order columns), one window partition
 * (rows with equal partition keys) at a time: batches are collected until a later row starts a new window
 * partition, then every complete window partition held is evaluated by {@link WindowEvaluator} and emitted, and
 * its memory let go. So memory holds about one window partition plus one batch, not the whole input.
 *
 * <p>The rows held are counted in a reservation that cannot spill: one window partition larger than this
 * operator's share of the memory limit (for instance no PARTITION BY over a large table) fails the query with a
 * {@link MemoryLimitExceededException} naming the window.
 */
public final class StreamingWindow extends BufferedBatchIterator {
    /** Heap bytes per row while evaluating: the layout's five int arrays and the frames' bounds. */
    private static final long HEAP_BYTES_PER_ROW = 48;

    private final CloseableIterator<RecordBatch> input;
    private final Schema inputSchema;
    private final int[] partitionColumns;
    private final int[] orderColumns;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final List<WindowCall> calls;
    private final MemoryReservation reservation;
    /** Rows of the last window partition seen, not known to be complete yet. */
    private final List<RecordBatch> held = new ArrayList<>();
    private long heldRows;

    /**
     * @param input       sorted by the partition columns then the order columns; owned from here on
     * @param reservation named after the operator (errors name it); owned from here on, closed with this iterator
     */
    public StreamingWindow(CloseableIterator<RecordBatch> input, Schema inputSchema, int[] partitionColumns, int[] orderColumns,
                           boolean[] descending, boolean[] nullsFirst, List<WindowCall> calls, MemoryReservation reservation) {
        this.input = requireNonNull(input, "input");
        this.inputSchema = requireNonNull(inputSchema, "inputSchema");
        this.partitionColumns = partitionColumns.clone();
        this.orderColumns = orderColumns.clone();
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
        this.calls = List.copyOf(calls);
        this.reservation = requireNonNull(reservation, "reservation");
    }

    @Override
    protected RecordBatch computeNext() {
        while (input.hasNext()) {
            RecordBatch b = input.next();
            int n = b.rowCount();
            if (n == 0) {
                b.close();
                continue;
            }
            int start;
            try {
                reserve(b.sizeBytes(), n);
                start = lastPartitionStart(b);
            } catch (RuntimeException | Error e) {
                b.close();
                throw e;
            }
            if (start < 0) {
                held.add(b); // the current window partition goes on
                heldRows += n;
                continue;
            }
            // rows before `start` complete the window partitions held so far
            if (start > 0) {
                try (b) {
                    held.add(b.slice(0, start));
                    RecordBatch out = evaluateHeld();
                    held.add(b.slice(start, n - start));
                    heldRows = n - start;
                    reserve(held.get(0).sizeBytes(), n - start);
                    return out;
                }
            }
            RecordBatch out = held.isEmpty() ? null : evaluateHeld();
            held.add(b);
            heldRows = n;
            if (out != null) {
                reserve(b.sizeBytes(), n);
                return out;
            }
        }
        return held.isEmpty() ? null : evaluateHeld();
    }

    /**
     * Where the last window partition starting in {@code b} starts: a row index, 0 when {@code b} starts one, or -1
     * when every row of {@code b} continues the window partition held.
     */
    private int lastPartitionStart(RecordBatch b) {
        int n = b.rowCount();
        if (partitionColumns.length == 0) {
            return held.isEmpty() ? 0 : -1;
        }
        boolean[] changed = new boolean[n];
        for (int c : partitionColumns) {
            Boundaries.markChanges(b.column(c), n, changed);
        }
        for (int i = n - 1; i > 0; i--) {
            if (changed[i]) {
                return i;
            }
        }
        if (held.isEmpty()) {
            return 0;
        }
        RecordBatch last = held.get(held.size() - 1);
        try (RecordBatch lastKeys = last.select(partitionColumns);
             RecordBatch a = lastKeys.slice(last.rowCount() - 1, 1);
             RecordBatch firstKeys = b.select(partitionColumns);
             RecordBatch first = firstKeys.slice(0, 1);
             RecordBatch pair = RecordBatch.concat(a.schema(), List.of(a, first))) {
            boolean[] edge = new boolean[2];
            for (int c = 0; c < partitionColumns.length; c++) {
                Boundaries.markChanges(pair.column(c), 2, edge);
            }
            return edge[1] ? 0 : -1;
        }
    }

    /** Evaluates the window over everything held (whole window partitions), lets it go, and returns the result. */
    private RecordBatch evaluateHeld() {
        long rows = 0;
        for (RecordBatch h : held) {
            rows += h.rowCount();
        }
        try {
            // the concatenation (one batch is shared, not copied) and the result columns; the heap was reserved per row
            long copy = held.size() > 1 ? bytesHeld() : 0;
            reserve(copy + rows * 9 * calls.size(), 0);
            try (RecordBatch all = RecordBatch.concat(inputSchema, held)) {
                return WindowEvaluator.evaluate(all, partitionColumns, orderColumns, descending, nullsFirst, calls);
            }
        } finally {
            held.forEach(RecordBatch::close);
            held.clear();
            heldRows = 0;
            reservation.free(); // the result belongs to the consumer
        }
    }

    private long bytesHeld() {
        long bytes = 0;
        for (RecordBatch h : held) {
            bytes += h.sizeBytes();
        }
        return bytes;
    }

    private void reserve(long arrow, long rows) {
        if (!reservation.tryGrow(arrow)) {
            throw tooLarge(arrow, false);
        }
        long heap = rows * HEAP_BYTES_PER_ROW;
        if (!reservation.tryGrowHeap(heap)) {
            throw tooLarge(heap, true);
        }
    }

    private MemoryLimitExceededException tooLarge(long bytes, boolean heap) {
        String refused = reservation.refusal(bytes, heap);
        return new MemoryLimitExceededException(refused + "; a window holds one whole window partition (rows with equal"
                + " PARTITION BY keys) in memory, and this one has more than " + heldRows + " rows ("
                + MemoryLimits.format(bytesHeld()) + ")" + (partitionColumns.length == 0
                ? "; without PARTITION BY the whole input is one window partition" : ""));
    }

    @Override
    protected void closeSources() {
        held.forEach(RecordBatch::close);
        held.clear();
        try {
            input.close();
        } finally {
            reservation.close();
        }
    }
}
