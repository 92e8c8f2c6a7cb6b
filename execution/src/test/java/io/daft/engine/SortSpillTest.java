package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.dsl.Cast;
import io.daft.logical.SortKey;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.daft.Daft.col;
import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ORDER BY over an input 20 times the memory limit: an external merge sort (runs on disk, merged in several
 * passes), with DuckDB's answers, ties in input order, spill files gone afterwards and no Arrow memory leaked.
 */
class SortSpillTest {
    private static final long LIMIT = 2L << 20;
    private static final int ROWS = 600_000;

    @TempDir
    static Path dir;
    @TempDir
    Path spill;

    private static Connection duck;
    private String table;

    @BeforeEach
    void data() throws Exception {
        table = "'" + dir.resolve("t.parquet") + "'";
        if (duck == null) {
            duck = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = duck.createStatement()) {
                // ties (k_int), NULLs in every key, NaN among doubles, strings and dates; rows in id order
                s.execute("COPY (SELECT i AS id, CASE WHEN i % 97 = 0 THEN NULL ELSE (i * 7919) % 1000 END AS k_int, "
                        + "CASE WHEN i % 89 = 0 THEN NULL WHEN i % 101 = 0 THEN 'NaN'::DOUBLE ELSE ((i * 104729) % 100003) / 7.0 END AS k_dbl, "
                        + "CASE WHEN i % 83 = 0 THEN NULL ELSE 'k' || ((i * 31) % 5000) END AS k_str, "
                        + "CASE WHEN i % 79 = 0 THEN NULL ELSE DATE '2000-01-01' + CAST((i * 13) % 4000 AS INTEGER) END AS k_date, "
                        + "'pad-' || lpad(CAST(i AS VARCHAR), 26, '0') AS pad FROM range(" + ROWS + ") t(i)) TO "
                        + table + " (FORMAT PARQUET, ROW_GROUP_SIZE 50000)");
            }
        }
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @org.junit.jupiter.api.AfterAll
    static void closeDuck() throws Exception {
        if (duck != null) {
            duck.close();
            duck = null;
        }
    }

    private ExecutionConfig config(int partitions) {
        return ExecutionConfig.builder().numPartitions(partitions).memoryLimit(LIMIT).tempDirectory(spill.toString())
                .defaultMorselSize(8192).build();
    }

    private DataFrame t() {
        return Daft.readParquet(dir + "/t.parquet");
    }

    @Test
    void orderBySpillsRunsAndMatchesDuckDb() {
        long baseline = LeakCheck.settledBaseline();
        check("ties keep input order", List.of(SortKey.asc(col("k_int"))), "k_int ASC NULLS LAST, id");
        check("double DESC NULLS FIRST (NaN above numbers), string", List.of(new SortKey(col("k_dbl"), true, true),
                SortKey.asc(col("k_str"))), "k_dbl DESC NULLS FIRST, k_str ASC NULLS LAST, id");
        check("string NULLS FIRST, date DESC NULLS LAST", List.of(new SortKey(col("k_str"), false, true),
                new SortKey(col("k_date"), true, false)), "k_str ASC NULLS FIRST, k_date DESC NULLS LAST, id");
        check("double ASC NULLS LAST, int DESC", List.of(SortKey.asc(col("k_dbl")), SortKey.desc(col("k_int"))),
                "k_dbl ASC NULLS LAST, k_int DESC NULLS FIRST, id");
        LeakCheck.assertReturnsTo(baseline);
    }

    private void check(String what, List<SortKey> keys, String duckOrder) {
        OperatorRun run = OperatorRun.run(t().sortBy(keys).select("id", "k_int", "k_dbl", "k_str", "k_date", "pad"), config(1));
        assertTrue(run.inputBytes >= 20 * LIMIT, what + ": input of " + run.inputBytes + " bytes is not 20x the limit");
        assertSameRows(what, duckRows(duck, "SELECT id, k_int, k_dbl, k_str, k_date, pad FROM " + table + " ORDER BY " + duckOrder),
                run.rows);
        assertTrue(run.bytesSpilled > 0, what + ": nothing spilled");
        assertTrue(run.peak <= LIMIT, what + ": peak " + run.peak + " over the limit");
        assertEquals(List.of(), OperatorRun.filesUnder(spill), what + ": spill files left");
    }

    @Test
    void rangePartitionedSortSpillsAndMatchesDuckDb() {
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).memoryLimit(LIMIT).tempDirectory(spill.toString())
                .defaultMorselSize(8192).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(1 << 20).build());
        List<List<Object>> ours = t().sortBy(List.of(new SortKey(col("k_str"), true, false), SortKey.asc(col("id"))))
                .select("id", "k_str", "pad").rows();
        assertSameRows("range-partitioned sort", duckRows(duck, "SELECT id, k_str, pad FROM " + table
                + " ORDER BY k_str DESC NULLS LAST, id"), ours);
        assertEquals(List.of(), OperatorRun.filesUnder(spill), "spill files left");
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void topNStaysBoundedAndLargeOnesSpill() {
        long baseline = LeakCheck.settledBaseline();
        OperatorRun small = OperatorRun.run(t().sortBy(List.of(SortKey.asc(col("k_dbl")))).limit(100)
                .select("id", "k_dbl", "pad"), config(1));
        assertSameRows("small top-n", duckRows(duck, "SELECT id, k_dbl, pad FROM " + table + " ORDER BY k_dbl, id LIMIT 100"),
                small.rows);
        assertEquals(0, small.bytesSpilled, "a top-n of 100 rows needs no disk");
        assertTrue(small.peak < small.inputBytes / 10, "a top-n of 100 rows held " + small.peak + " of " + small.inputBytes + " bytes");

        // 60000 rows of ~80 bytes do not fit in 2 MiB: the rows move to an external sort whose runs keep 60000 rows
        OperatorRun large = OperatorRun.run(t().sortBy(List.of(SortKey.desc(col("k_str")), SortKey.asc(col("k_int"))))
                .offset(10).limit(60000).select("id", "k_str", "k_int", "pad"), config(1));
        assertSameRows("large top-n", duckRows(duck, "SELECT id, k_str, k_int, pad FROM " + table
                + " ORDER BY k_str DESC NULLS FIRST, k_int ASC NULLS LAST, id LIMIT 60000 OFFSET 10"), large.rows);
        assertTrue(large.bytesSpilled > 0, "large top-n did not spill");
        assertTrue(large.peak <= LIMIT, "peak " + large.peak);
        assertEquals(List.of(), OperatorRun.filesUnder(spill), "spill files left");
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void cancelledAndFailedSortsLeaveNoFiles() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(config(1));
        for (int delayMs : new int[]{50, 300, 900}) {
            DataFrame q = t().sortBy(List.of(SortKey.asc(col("k_str")), SortKey.desc(col("k_dbl")))).select("id", "pad");
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    q.rows();
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            thread.start();
            Thread.sleep(delayMs);
            thread.interrupt();
            thread.join(120_000);
            assertFalse(thread.isAlive(), "query did not stop");
            Throwable e = error.get();
            assertTrue(e == null || e instanceof DaftException, "unexpected " + e);
            assertEquals(List.of(), OperatorRun.filesUnder(spill), "spill files left after cancelling at " + delayMs + " ms");
            LeakCheck.assertReturnsTo(baseline);
        }
        // a query failing above a spilled sort (a cast of 'pad-...' to a number) removes the sort's runs too
        Daft.setExecutionConfig(config(1));
        DataFrame failing = t().sortBy(List.of(SortKey.asc(col("k_str"))))
                .select(new Cast(col("pad"), DataType.INT64).alias("boom"));
        DaftException failure = org.junit.jupiter.api.Assertions.assertThrows(DaftException.class, failing::rows);
        assertTrue(failure.getMessage().contains("could not convert"), failure.getMessage());
        assertEquals(List.of(), OperatorRun.filesUnder(spill), "spill files left after a failure");
        LeakCheck.assertReturnsTo(baseline);
    }
}
