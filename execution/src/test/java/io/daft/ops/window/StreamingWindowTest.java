package io.daft.ops.window;

import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.ops.TestData;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming a sorted input through {@link StreamingWindow} in batches cut anywhere (one row, window partitions
 * spanning many batches, boundaries at batch starts) gives what one evaluation over the whole input gives.
 */
class StreamingWindowTest {
    private static final int[] PART = {0, 1};
    private static final int[] ORDER = {2};
    private long baseline;

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    /** Sorted by (g1, g2 nulls last, v): window partitions of 1 to 300 rows, one of 1500, NULL keys in some. */
    private static RecordBatch input() {
        Random rnd = new Random(5);
        List<Object> g1 = new ArrayList<>();
        List<Object> g2 = new ArrayList<>();
        List<Object> v = new ArrayList<>();
        int group = 0;
        while (g1.size() < 6000) {
            int size = group == 7 ? 1500 : 1 + rnd.nextInt(group % 3 == 0 ? 3 : 300);
            for (int i = 0; i < size; i++) {
                g1.add((long) group / 2);
                g2.add(group % 2 == 0 ? "k" + group : null);
                v.add(i / 3 + (i % 5 == 0 ? 0L : 1L)); // peers
            }
            group++;
        }
        int n = g1.size();
        List<Object[]> cols = List.of(g1.toArray(), g2.toArray(), sortedWithin(g1, g2, v));
        Schema schema = new Schema(List.of(Field.of("g1", DataType.INT64), Field.of("g2", DataType.UTF8),
                Field.of("v", DataType.INT64)));
        return TestData.batch(schema, cols, 0, n);
    }

    /** v sorted within each (g1, g2) run. */
    private static Object[] sortedWithin(List<Object> g1, List<Object> g2, List<Object> v) {
        Object[] out = v.toArray();
        int start = 0;
        for (int i = 1; i <= out.length; i++) {
            if (i == out.length || !g1.get(i).equals(g1.get(start)) || !java.util.Objects.equals(g2.get(i), g2.get(start))) {
                java.util.Arrays.sort(out, start, i);
                start = i;
            }
        }
        return out;
    }

    private static List<WindowCall> calls() {
        WindowFrame running = WindowFrame.DEFAULT_ORDERED;
        return List.of(new WindowCall(WindowOp.ROW_NUMBER, -1, 0, -1, running, "rn", DataType.INT64),
                new WindowCall(WindowOp.RANK, -1, 0, -1, running, "rk", DataType.INT64),
                new WindowCall(WindowOp.SUM, 2, 0, -1, running, "s", DataType.INT64),
                new WindowCall(WindowOp.SUM, 2, 0, -1, new WindowFrame(true, FrameBound.preceding(3), FrameBound.following(2)), "s6", DataType.INT64),
                new WindowCall(WindowOp.LEAD, 2, 2, -1, running, "ld", DataType.INT64),
                new WindowCall(WindowOp.COUNT_ALL, -1, 0, -1, WindowFrame.WHOLE_PARTITION, "n", DataType.INT64));
    }

    private static CloseableIterator<RecordBatch> cut(RecordBatch all, int size) {
        List<RecordBatch> pieces = new ArrayList<>();
        for (int at = 0; at < all.rowCount(); at += size) {
            pieces.add(all.slice(at, Math.min(size, all.rowCount() - at)));
        }
        Iterator<RecordBatch> it = pieces.iterator();
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            protected void closeSources() {
                it.forEachRemaining(RecordBatch::close);
            }
        };
    }

    @Test
    void anyCutGivesTheWholeEvaluation() {
        try (RecordBatch all = input()) {
            List<List<Object>> expected;
            try (RecordBatch whole = WindowEvaluator.evaluate(all, PART, ORDER, new boolean[] {false}, new boolean[] {false}, calls())) {
                expected = TestData.rows(whole);
            }
            for (int size : new int[] {1, 2, 7, 128, 299, 1000, 1500, 6000, 100_000}) {
                List<List<Object>> out = new ArrayList<>();
                int batches = 0;
                try (StreamingWindow w = new StreamingWindow(cut(all, size), all.schema(), PART, ORDER, new boolean[] {false},
                        new boolean[] {false}, calls(), MemoryReservation.unbounded("Window"))) {
                    while (w.hasNext()) {
                        try (RecordBatch b = w.next()) {
                            out.addAll(TestData.rows(b));
                            batches++;
                        }
                    }
                }
                TestData.assertRowsEqual(expected, out, "batches of " + size);
                assertTrue(size >= all.rowCount() || batches > 1, "batches of " + size + " gave one output batch");
            }
            // no partition columns: the whole input is one window partition
            List<List<Object>> global;
            try (RecordBatch whole = WindowEvaluator.evaluate(all, new int[0], ORDER, new boolean[] {false}, new boolean[] {false}, calls())) {
                global = TestData.rows(whole);
            }
            List<List<Object>> out = new ArrayList<>();
            try (StreamingWindow w = new StreamingWindow(cut(all, 333), all.schema(), new int[0], ORDER, new boolean[] {false},
                    new boolean[] {false}, calls(), MemoryReservation.unbounded("Window"))) {
                while (w.hasNext()) {
                    try (RecordBatch b = w.next()) {
                        out.addAll(TestData.rows(b));
                    }
                }
            }
            TestData.assertRowsEqual(global, out, "one window partition");
        }
    }

    @Test
    void aWindowPartitionOverTheLimitFailsAndReleasesEverything() {
        MemoryPool pool = MemoryPool.global().child("test", 64 << 10);
        try (RecordBatch all = input()) {
            // window partitions of up to 300 rows fit; the one of 1500 rows does not
            StreamingWindow w = new StreamingWindow(cut(all, 100), all.schema(), PART, ORDER, new boolean[] {false},
                    new boolean[] {false}, calls(), pool.register("Window: test", true));
            MemoryLimitExceededException e = assertThrows(MemoryLimitExceededException.class, () -> {
                while (w.hasNext()) {
                    w.next().close();
                }
            });
            assertTrue(e.getMessage().contains("Window: test") && e.getMessage().contains("one whole window partition"),
                    e.getMessage());
            w.close();
        }
        assertEquals(0, pool.reserved());
    }
}
