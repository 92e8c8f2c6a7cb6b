package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.WindowExpr;
import io.daft.logical.SortKey;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.ops.window.FrameBound;
import io.daft.ops.window.WindowFrame;
import io.daft.ops.window.WindowOp;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static io.daft.Daft.col;
import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Window functions over an input 20 times the memory limit, with many window partitions: the sort below spills,
 * the window holds one window partition at a time; answers equal DuckDB's. One window partition larger than
 * the limit fails with a clear error, leaving no files and no memory behind.
 */
class WindowSpillTest {
    private static final long LIMIT = 2L << 20;
    private static final int ROWS = 700_000;

    @TempDir
    Path dir;
    @TempDir
    Path spill;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    private ExecutionConfig config() {
        return ExecutionConfig.builder().numPartitions(1).memoryLimit(LIMIT).tempDirectory(spill.toString())
                .defaultMorselSize(8192).build();
    }

    @Test
    void manyWindowPartitionsUnderATinyLimit() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            String table = "'" + dir.resolve("t.parquet") + "'";
            s.execute("COPY (SELECT i AS id, CASE WHEN i % 4999 = 0 THEN NULL ELSE (i * 7919) % 3000 END AS g, "
                    + "CASE WHEN i % 37 = 0 THEN NULL ELSE (i * 31) % 50 END AS v, "
                    + "'pad-' || lpad(CAST(i AS VARCHAR), 30, '0') AS pad FROM range(" + ROWS + ") t(i)) TO "
                    + table + " (FORMAT PARQUET, ROW_GROUP_SIZE 50000)");
            long baseline = LeakCheck.settledBaseline();
            DataFrame t = Daft.readParquet(dir + "/t.parquet");
            WindowFrame running = WindowFrame.DEFAULT_ORDERED;
            WindowFrame sliding = new WindowFrame(true, FrameBound.preceding(2), FrameBound.following(1));
            // ordered by v only: peers (equal v) share rank and the running sum
            OperatorRun run = OperatorRun.run(t.window(List.of(col("g")), List.of(SortKey.asc(col("v"))),
                            new WindowExpr(WindowOp.RANK, Optional.empty(), 0, Optional.empty(), running, "rk"),
                            new WindowExpr(WindowOp.DENSE_RANK, Optional.empty(), 0, Optional.empty(), running, "drk"),
                            new WindowExpr(WindowOp.SUM, Optional.of(col("v")), 0, Optional.empty(), running, "run_sum"),
                            new WindowExpr(WindowOp.COUNT_ALL, Optional.empty(), 0, Optional.empty(), WindowFrame.WHOLE_PARTITION, "n"))
                    .select("id", "g", "v", "rk", "drk", "run_sum", "n", "pad"), config());
            assertTrue(run.inputBytes >= 20 * LIMIT, "input of " + run.inputBytes + " bytes is not 20x the limit");
            // the sort is stable and the input in id order, so peers come out in id order
            assertSameRows("rank, dense_rank, running sum, count", duckRows(duck,
                    "SELECT id, g, v, rank() OVER w, dense_rank() OVER w, sum(v) OVER w, count(*) OVER (PARTITION BY g), pad "
                            + "FROM " + table + " WINDOW w AS (PARTITION BY g ORDER BY v) ORDER BY g NULLS LAST, v NULLS LAST, id"),
                    run.rows);
            checkStats(run);

            // ordered by (v, id): rows are unique, so every function is deterministic and the output order is known
            run = OperatorRun.run(t.window(List.of(col("g")), List.of(SortKey.asc(col("v")), SortKey.desc(col("id"))),
                            new WindowExpr(WindowOp.ROW_NUMBER, Optional.empty(), 0, Optional.empty(), running, "rn"),
                            new WindowExpr(WindowOp.SUM, Optional.of(col("v")), 0, Optional.empty(), sliding, "sum4"),
                            new WindowExpr(WindowOp.LAG, Optional.of(col("v")), 1, Optional.empty(), running, "prev"),
                            new WindowExpr(WindowOp.LEAD, Optional.of(col("id")), 2, Optional.empty(), running, "next2"),
                            new WindowExpr(WindowOp.FIRST_VALUE, Optional.of(col("id")), 0, Optional.empty(), running, "first"))
                    .select("id", "rn", "sum4", "prev", "next2", "first", "pad"), config());
            assertSameRows("row_number, framed sum, lag, lead, first_value", duckRows(duck,
                    "SELECT id, row_number() OVER w, sum(v) OVER (w ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING), lag(v) OVER w, "
                            + "lead(id, 2) OVER w, first_value(id) OVER w, pad FROM " + table
                            + " WINDOW w AS (PARTITION BY g ORDER BY v ASC NULLS LAST, id DESC) ORDER BY g NULLS LAST, v NULLS LAST, id DESC"),
                    run.rows);
            checkStats(run);
            LeakCheck.assertReturnsTo(baseline);

            // no PARTITION BY over the whole table: one window partition 20x the limit
            Daft.setExecutionConfig(config());
            DataFrame global = t.window(List.of(), List.of(SortKey.asc(col("id"))),
                    new WindowExpr(WindowOp.ROW_NUMBER, Optional.empty(), 0, Optional.empty(), running, "rn"));
            MemoryLimitExceededException e = assertThrows(MemoryLimitExceededException.class, global::rows);
            assertTrue(e.getMessage().contains("Window") && e.getMessage().contains("without PARTITION BY the whole input is one window partition"), e.getMessage());
            assertEquals(List.of(), OperatorRun.filesUnder(spill), "spill files left after the failure");
            LeakCheck.assertReturnsTo(baseline);
        }
    }

    private void checkStats(OperatorRun run) {
        assertTrue(run.bytesSpilled > 0, "the sort below the window did not spill");
        assertTrue(run.peak <= LIMIT, "peak " + run.peak + " over the limit");
        assertEquals(List.of(), OperatorRun.filesUnder(spill), "spill files left");
    }
}
