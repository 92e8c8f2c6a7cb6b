package io.daft.execution;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.physical.Partitioning;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import io.daft.testing.LeakCheck;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exchanges as map and reduce steps under a small memory limit: RANGE and ORDERED ones keep their input spillable
 * while counting and sampling, cut it correctly, and the reduce side streams each partition from every map task.
 */
class ExchangesTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.of("k", DataType.INT64)));
    private static final int TASKS = 3;
    private static final int BATCHES = 40;
    private static final int ROWS = 2000;   // 3 x 40 x 2000 rows of 8 bytes: ~2 MB against a 256 KiB limit

    @TempDir
    Path dir;

    private QueryContext query() {
        return QueryContext.start(ExecutionConfig.builder().memoryLimit(256 << 10).tempDirectory(dir.toString()).build());
    }

    /** Task p's input: batch b holds k = seq or a pseudo-random key, as {@code sequence} says. */
    private static CloseableIterator<RecordBatch> input(int task, boolean sequence) {
        Random rnd = new Random(task);
        List<RecordBatch> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            BigIntVector v = (BigIntVector) Vectors.allocate("k", DataType.INT64, ROWS);
            for (int r = 0; r < ROWS; r++) {
                long seq = ((long) task * BATCHES + b) * ROWS + r;
                v.set(r, sequence ? seq : rnd.nextInt(1_000_000));
            }
            batches.add(RecordBatch.of(SCHEMA, List.of(v), ROWS));
        }
        return BatchIterators.of(batches);
    }

    private static List<Long> read(CloseableIterator<RecordBatch> it) {
        List<Long> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    BigIntVector v = (BigIntVector) b.column(0);
                    for (int r = 0; r < b.rowCount(); r++) {
                        out.add(v.get(r));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void rangeExchangeSpillsSamplesAndCutsInOrder() {
        long baseline = LeakCheck.settledBaseline();
        int n = 4;
        Partitioning spec = Partitioning.range(List.of("k"), new boolean[] {false}, new boolean[] {false}, n);
        try (QueryContext query = query()) {
            List<MapOutput> maps = Exchanges.run(spec, SCHEMA, TASKS, p -> input(p, false), Exchanges.Parallel.SEQUENTIAL, query);
            try {
                assertTrue(query.spill().bytesSpilled() > 0, "the kept input and the pieces spill: " + query);
                assertTrue(query.memory().peak() <= 256 << 10, query.toString());
                long total = 0;
                long previousMax = Long.MIN_VALUE;
                for (int r = 0; r < n; r++) {
                    List<Long> part = read(Exchanges.reduce(maps, r));
                    total += part.size();
                    long min = part.stream().mapToLong(Long::longValue).min().orElseThrow();
                    long max = part.stream().mapToLong(Long::longValue).max().orElseThrow();
                    assertTrue(min >= previousMax, "partition " + r + " starts at " + min + " below " + previousMax);
                    previousMax = max;
                    // evenly spaced samples: each partition within a factor of two of its share
                    long share = (long) TASKS * BATCHES * ROWS / n;
                    assertTrue(part.size() > share / 2 && part.size() < share * 2, "partition " + r + ": " + part.size() + " rows");
                }
                assertEquals((long) TASKS * BATCHES * ROWS, total);
            } finally {
                maps.forEach(MapOutput::close);
            }
            assertEquals(0, query.memory().reserved());
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    /** Task p's input for the skew test: task 0 holds ten times the rows of the others, each task its own key range. */
    private static CloseableIterator<RecordBatch> skewed(int task) {
        Random rnd = new Random(task);
        List<RecordBatch> batches = new ArrayList<>();
        for (int b = 0; b < (task == 0 ? 40 : 4); b++) {
            BigIntVector v = (BigIntVector) Vectors.allocate("k", DataType.INT64, ROWS);
            for (int r = 0; r < ROWS; r++) {
                v.set(r, task * 1_000_000L + rnd.nextInt(1_000_000));
            }
            batches.add(RecordBatch.of(SCHEMA, List.of(v), ROWS));
        }
        return BatchIterators.of(batches);
    }

    @Test
    void rangeBoundariesWeighSamplesByTheRowsTheyStandFor() {
        long baseline = LeakCheck.settledBaseline();
        int n = 4;
        Partitioning spec = Partitioning.range(List.of("k"), new boolean[] {false}, new boolean[] {false}, n);
        try (QueryContext query = query()) {
            List<MapOutput> maps = Exchanges.run(spec, SCHEMA, TASKS, ExchangesTest::skewed, Exchanges.Parallel.SEQUENTIAL, query);
            try {
                long total = 48L * ROWS;
                for (int r = 0; r < n; r++) {
                    int rows = read(Exchanges.reduce(maps, r)).size();
                    assertTrue(rows > total / n / 2 && rows < total / n * 2, "partition " + r + ": " + rows + " of " + total + " rows");
                }
            } finally {
                maps.forEach(MapOutput::close);
            }
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void orderedExchangeKeepsTheOrderInEqualRuns() {
        long baseline = LeakCheck.settledBaseline();
        int n = 7;
        try (QueryContext query = query()) {
            List<MapOutput> maps = Exchanges.run(Partitioning.ordered(n), SCHEMA, TASKS, p -> input(p, true),
                    Exchanges.Parallel.SEQUENTIAL, query);
            try {
                assertTrue(query.spill().bytesSpilled() > 0, query.toString());
                long next = 0;
                long total = (long) TASKS * BATCHES * ROWS;
                for (int r = 0; r < n; r++) {
                    List<Long> part = read(Exchanges.reduce(maps, r));
                    assertEquals(total / n + (r < total % n ? 1 : 0), part.size(), "rows of partition " + r);
                    for (long k : part) {
                        assertEquals(next++, k);
                    }
                }
                assertEquals(total, next);
            } finally {
                maps.forEach(MapOutput::close);
            }
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void batchQueueIsBoundedInBytesAndCountsThem() throws Exception {
        MemoryPool pool = MemoryPool.global().child("test", 1 << 20);
        try (MemoryReservation r = pool.register("queue", false)) {
            BatchQueue q = new BatchQueue(10_000, r);
            RecordBatch first = batch(1000);   // 8000 bytes
            RecordBatch second = batch(1000);
            assertTrue(q.offer(first, 10));
            assertEquals(first.sizeBytes(), r.size());
            assertFalse(q.offer(second, 20), "over 10000 bytes: waits");
            assertTrue(q.offer("end marker", 10), "markers weigh nothing");
            try (RecordBatch taken = (RecordBatch) q.take()) {
                assertEquals(1000, taken.rowCount());
            }
            assertEquals(0, r.size());
            RecordBatch big = batch(5000);    // larger than the bound: taken alone once the queue empties
            assertEquals("end marker", q.take());
            assertTrue(q.offer(big, 10));
            assertTrue(q.offer(second, 10) == false);
            for (Object o : q.clear()) {
                ((RecordBatch) o).close();
            }
            second.close();
            assertEquals(0, r.size());
        }
    }

    private static RecordBatch batch(int rows) {
        BigIntVector v = (BigIntVector) Vectors.allocate("k", DataType.INT64, rows);
        for (int r = 0; r < rows; r++) {
            v.set(r, r);
        }
        return RecordBatch.of(SCHEMA, List.of(v), rows);
    }
}
