package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.execution.QueryContext;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.memory.MemoryReservation;
import io.daft.ops.agg.AggMode;
import io.daft.ops.agg.AggSpec;
import io.daft.ops.agg.SpillingAggregation;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hash aggregation (GROUP BY, DISTINCT, COUNT DISTINCT) over ~25x more data than its memory limit: it spills
 * radix-partitioned partial states, finalizes partition by partition, and still gives DuckDB's answers; the spill
 * folder is empty afterwards however the query ends, and no Arrow memory leaks.
 */
class AggregationSpillTest {
    private static final int ROWS = 600_000;
    private static final long LIMIT = 2L << 20;

    @TempDir
    static Path dir;
    private static Connection duck;
    private static String file;

    @BeforeAll
    static void write() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        file = dir.resolve("a.parquet").toString();
        try (Statement s = duck.createStatement()) {
            // g: ~444K distinct ints (null every 101st row); s: ~400K distinct strings; x: 977 values
            s.execute("COPY (SELECT i AS id, CASE WHEN i % 101 = 0 THEN NULL ELSE (i * 7919) % 444000 END AS g,"
                    + " 'key-' || ((i * 31) % 400009) AS s, (i % 1000) * 0.5 AS v, i % 977 AS x,"
                    + " 'name-' || (i % 100000) AS name,"
                    + " CASE WHEN i >= 520000 THEN 9223372036854775807 ELSE i END AS big"
                    + " FROM range(" + ROWS + ") t(i)) TO '" + file + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
        }
    }

    @AfterAll
    static void closeDuck() throws SQLException {
        duck.close();
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    private static ExecutionConfig limited(int partitions, Path temp) {
        // morsels of 4096 rows: the batches in flight between operators count against the limit too
        return ExecutionConfig.builder().numPartitions(partitions).memoryLimit(LIMIT).tempDirectory(temp.toString())
                .defaultMorselSize(4096).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(4 << 20).build();
    }

    /** The operator itself, in a query context of its own: it spills, stays within the limit, streams, cleans up. */
    @Test
    void groupByManyKeysSpillsWithinTheLimit() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        Path temp = dir.resolve("tmp-op");
        DataFrame in = Daft.readParquet(file).select("g", "s", "v", "x", "name");
        Schema schema = in.schema();
        List<AggSpec> aggs = List.of(AggSpec.countAll("n"),
                new AggSpec(AggOp.SUM, 3, "sx", schema.field(3).dataType()),
                new AggSpec(AggOp.MEAN, 2, "av", schema.field(2).dataType()),
                new AggSpec(AggOp.MIN, 4, "mn", DataType.UTF8),
                new AggSpec(AggOp.MAX, 1, "mx", DataType.UTF8),
                new AggSpec(AggOp.COUNT_DISTINCT, 3, "dx", schema.field(3).dataType()),
                new AggSpec(AggOp.COUNT, 1, "cs", DataType.UTF8));
        Schema out = io.daft.ops.agg.HashAggregator.outputSchema(schema, new int[]{0}, aggs);
        Fingerprint ours = new Fingerprint();
        int batches = 0;
        try (QueryContext query = QueryContext.start(limited(1, temp))) {
            MemoryReservation[] reservation = new MemoryReservation[1];
            try (CloseableIterator<RecordBatch> it = SpillingAggregation.open(in.stream(), schema, new int[]{0}, aggs, AggMode.SINGLE,
                    out, () -> reservation[0] = query.reserve("HashAggregate", true), query.spill())) {
                while (it.hasNext()) {
                    try (RecordBatch b = it.next()) {
                        ours.add(b);
                        batches++;
                    }
                }
            }
            assertTrue(query.spill().bytesSpilled() > 20 * LIMIT, "spilled " + query.spill().bytesSpilled());
            assertTrue(query.memory().peak() <= LIMIT, "peak " + query.memory().peak());
            assertTrue(reservation[0].peak() > LIMIT / 4, "reservation peak " + reservation[0].peak());
            assertEquals(0, query.memory().reserved());
            assertTrue(batches > 1, "the output streams partition by partition, got " + batches + " batch(es)");
            assertNoFiles(temp);
        }
        assertEquals(duck("SELECT g, count(*), sum(x), avg(v), min(name), max(s), count(DISTINCT x), count(s) FROM '" + file
                + "' GROUP BY g"), ours);
        assertNoFiles(temp);
        LeakCheck.assertReturnsTo(baseline);
    }

    /** Whole queries under the limit, in one partition (SINGLE) and several (PARTIAL, exchange, FINAL). */
    @Test
    void queriesUnderTheLimitGiveDuckDbsAnswers() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        Path temp = dir.resolve("tmp-q");
        Daft.setExecutionConfig(limited(1, temp));
        DataFrame a = Daft.readParquet(file);
        assertEquals(duck("SELECT g, count(*), sum(x), avg(v), min(name), max(s), count(DISTINCT x) FROM '" + file + "' GROUP BY g"),
                fingerprint(a.groupBy("g").agg(AggExpr.countAll("n"), AggExpr.of(AggOp.SUM, col("x")).alias("sx"),
                        AggExpr.of(AggOp.MEAN, col("v")).alias("av"), AggExpr.of(AggOp.MIN, col("name")).alias("mn"),
                        AggExpr.of(AggOp.MAX, col("s")).alias("mx"), AggExpr.of(AggOp.COUNT_DISTINCT, col("x")).alias("dx"))),
                "GROUP BY a nullable int key, one partition");
        assertEquals(duck("SELECT DISTINCT s FROM '" + file + "'"), fingerprint(a.select("s").distinct()), "DISTINCT, one partition");
        assertNoFiles(temp);
        // several partitions: PARTIAL aggregations pass their groups on when full, the FINAL ones after the exchange spill
        Daft.setExecutionConfig(limited(3, temp));
        DataFrame b = Daft.readParquet(file);
        assertEquals(duck("SELECT s, x, sum(id), avg(v), min(name) FROM '" + file + "' GROUP BY s, x"),
                fingerprint(b.groupBy("s", "x").agg(AggExpr.of(AggOp.SUM, col("id")).alias("si"),
                        AggExpr.of(AggOp.MEAN, col("v")).alias("av"), AggExpr.of(AggOp.MIN, col("name")).alias("mn"))),
                "GROUP BY string and int keys, three partitions");
        assertEquals(duck("SELECT x, count(DISTINCT s), count(DISTINCT g) FROM '" + file + "' GROUP BY x"),
                fingerprint(b.groupBy("x").agg(AggExpr.of(AggOp.COUNT_DISTINCT, col("s")).alias("ds"),
                        AggExpr.of(AggOp.COUNT_DISTINCT, col("g")).alias("dg"))),
                "COUNT DISTINCT with large sets per group, three partitions");
        assertNoFiles(temp);
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void failingAndCancelledQueriesLeaveNoFiles() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        Path temp = dir.resolve("tmp-fail");
        Daft.setExecutionConfig(limited(1, temp));
        // big + 1 overflows from row 1,300,000 on, long after the aggregation started spilling
        DataFrame failing = Daft.readParquet(file).withColumn("b", col("big").plus(lit(1L)))
                .groupBy("g").agg(AggExpr.of(AggOp.SUM, col("b")).alias("sb"));
        DaftException e = assertThrows(DaftException.class, failing::rows);
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
        assertNoFiles(temp);

        DataFrame slow = Daft.readParquet(file).groupBy("s").agg(AggExpr.of(AggOp.MIN, col("name")).alias("mn"));
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                slow.rows();
            } catch (Throwable x) {
                error.set(x);
            }
        });
        t.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!hasFiles(temp) && t.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(hasFiles(temp), "the query never spilled");
        t.interrupt();
        t.join(120_000);
        assertFalse(t.isAlive(), "query did not stop");
        assertTrue(error.get() instanceof DaftException, "unexpected " + error.get());
        assertNoFiles(temp);
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void oneGroupLargerThanTheLimitFailsNamingTheAggregate() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        Path temp = dir.resolve("tmp-big");
        Daft.setExecutionConfig(limited(1, temp));
        DataFrame a = Daft.readParquet(file);
        MemoryLimitExceededException global = assertThrows(MemoryLimitExceededException.class,
                () -> a.agg(AggExpr.of(AggOp.COUNT_DISTINCT, col("id")).alias("ids")).rows());
        assertTrue(global.getMessage().contains("HashAggregate") && global.getMessage().contains("count_distinct 'ids'")
                && global.getMessage().contains("memory_limit is 2.0 MiB"), global.getMessage());
        MemoryLimitExceededException grouped = assertThrows(MemoryLimitExceededException.class,
                () -> a.withColumn("one", lit(1L)).groupBy("one").agg(AggExpr.of(AggOp.COUNT_DISTINCT, col("s")).alias("ss")).rows());
        assertTrue(grouped.getMessage().contains("one group") && grouped.getMessage().contains("count_distinct 'ss'"), grouped.getMessage());
        assertNoFiles(temp);
        LeakCheck.assertReturnsTo(baseline);
    }

    private static boolean hasFiles(Path temp) throws java.io.IOException {
        if (!Files.exists(temp)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(temp)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    private static void assertNoFiles(Path temp) throws java.io.IOException {
        assertFalse(hasFiles(temp), "spill files left in " + temp);
    }

    private static Fingerprint duck(String sql) throws SQLException {
        Fingerprint f = new Fingerprint();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            Object[] row = new Object[n];
            while (rs.next()) {
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                f.addRow(row);
            }
        }
        return f;
    }

    private static Fingerprint fingerprint(DataFrame df) {
        Fingerprint f = new Fingerprint();
        try (CloseableIterator<RecordBatch> it = df.stream()) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    f.add(b);
                }
            }
        }
        return f;
    }

    /**
     * An order-independent digest of a result (row count and the sum of 64-bit hashes of each row's canonical
     * text), so million-row results compare without holding them.
     */
    private static final class Fingerprint {
        private long rows;
        private long sum;
        private long xor;

        void add(RecordBatch b) {
            Object[] row = new Object[b.numColumns()];
            for (int r = 0; r < b.rowCount(); r++) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = Values.get(b.column(c), r);
                }
                addRow(row);
            }
        }

        void addRow(Object[] row) {
            StringBuilder sb = new StringBuilder();
            for (Object o : row) {
                sb.append(canonical(o)).append('\u0001');
            }
            long h = hash(sb.toString().getBytes(StandardCharsets.UTF_8));
            rows++;
            sum += h;
            xor ^= h * 0x9E3779B97F4A7C15L;
        }

        private static String canonical(Object o) {
            if (o == null) {
                return "\u0000null";
            }
            if (o instanceof Double || o instanceof Float) {
                return String.format(Locale.ROOT, "%.9e", ((Number) o).doubleValue());
            }
            if (o instanceof BigDecimal) {
                return ((BigDecimal) o).stripTrailingZeros().toPlainString();
            }
            if (o instanceof Number) {
                return new BigDecimal(o.toString()).toPlainString();
            }
            return o.toString();
        }

        private static long hash(byte[] b) {
            long h = 0xcbf29ce484222325L;
            for (byte x : b) {
                h ^= x & 0xff;
                h *= 0x100000001b3L;
            }
            return h ^ (h >>> 29);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fingerprint && ((Fingerprint) o).rows == rows && ((Fingerprint) o).sum == sum
                    && ((Fingerprint) o).xor == xor;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(sum);
        }

        @Override
        public String toString() {
            return rows + " rows, digest " + Long.toHexString(sum) + "/" + Long.toHexString(xor);
        }
    }
}
