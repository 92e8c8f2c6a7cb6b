package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.WindowExpr;
import io.daft.logical.SortKey;
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
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;

/** Window functions through the planner (exchange on partition keys, sort, kernel) against DuckDB. */
class WindowTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void windowsAcrossPartitions() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS id, CASE WHEN i % 17 = 0 THEN NULL ELSE i % 5 END AS g, (i * 7) % 23 AS v FROM range(2000) t(i)) TO '"
                    + dir.resolve("t.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 300)");
            long baseline = LeakCheck.settledBaseline();
            for (int partitions : new int[]{1, 3}) {
                Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(partitions).scanTasksMinSizeBytes(1)
                        .scanTasksMaxSizeBytes(2048).build());
                DataFrame t = Daft.readParquet(dir + "/t.parquet");
                WindowFrame running = WindowFrame.DEFAULT_ORDERED;
                WindowFrame sliding = new WindowFrame(true, FrameBound.preceding(2), FrameBound.following(1));
                List<List<Object>> ours = t.window(List.of(col("g")), List.of(SortKey.asc(col("v")), SortKey.asc(col("id"))),
                                new WindowExpr(WindowOp.ROW_NUMBER, Optional.empty(), 0, Optional.empty(), running, "rn"),
                                new WindowExpr(WindowOp.RANK, Optional.empty(), 0, Optional.empty(), running, "rk"),
                                new WindowExpr(WindowOp.SUM, Optional.of(col("v")), 0, Optional.empty(), running, "run_sum"),
                                new WindowExpr(WindowOp.LAG, Optional.of(col("v")), 1, Optional.empty(), running, "prev"),
                                new WindowExpr(WindowOp.MEAN, Optional.of(col("v")), 0, Optional.empty(), sliding, "avg4"))
                        .select("id", "rn", "rk", "run_sum", "prev", "avg4").rows();
                assertSameRowsAnyOrder("windows with " + partitions + " partitions", duckRows(duck,
                        "SELECT id, row_number() OVER w, rank() OVER w, sum(v) OVER w, lag(v) OVER w, "
                                + "avg(v) OVER (PARTITION BY g ORDER BY v, id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) "
                                + "FROM '" + dir + "/t.parquet' WINDOW w AS (PARTITION BY g ORDER BY v, id)"), ours);
                List<List<Object>> global = t.window(List.of(), List.of(SortKey.desc(col("id"))),
                        new WindowExpr(WindowOp.ROW_NUMBER, Optional.empty(), 0, Optional.empty(), running, "rn")).select("id", "rn").rows();
                assertSameRowsAnyOrder("global window", duckRows(duck, "SELECT id, row_number() OVER (ORDER BY id DESC) FROM '" + dir + "/t.parquet'"), global);
            }
            LeakCheck.assertReturnsTo(baseline);
        }
    }
}
