package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.ops.join.JoinType;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static io.daft.Daft.col;
import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exchanges over budget spill to disk and still give the right answers, in order where order matters. */
class SpillTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void shufflesAndGathersSpillAndStayCorrect() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 1000 AS g, repeat('x', 20) || i AS pad FROM range(300000) t(i)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 30000)");
            s.execute("COPY (SELECT i AS g, 'name' || i AS name FROM range(1000) t(i)) TO '" + dir.resolve("b.parquet") + "' (FORMAT PARQUET)");
            long baseline = LeakCheck.settledBaseline();
            Path spillDir = Path.of(System.getProperty("java.io.tmpdir"), "daft-spill");
            // a 1 MiB limit (the 300,000 rows take ~12 MiB): exchange outputs go to disk; the join build side (1000 rows) still fits
            Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).memoryLimit(1 << 20)
                    .broadcastJoinSizeBytesThreshold(0).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(256 << 10).build());
            DataFrame a = Daft.readParquet(dir + "/a.parquet");
            DataFrame b = Daft.readParquet(dir + "/b.parquet");
            assertSameRowsAnyOrder("partitioned join over spilled shuffles",
                    duckRows(duck, "SELECT name, count(*), sum(k) FROM '" + dir + "/a.parquet' JOIN '" + dir + "/b.parquet' USING (g) GROUP BY name"),
                    a.join(b, JoinType.INNER, "g").groupBy("name").agg(AggExpr.countAll("n"), AggExpr.of(AggOp.SUM, col("k"))).rows());
            assertSameRows("sorted through spilled range partitions",
                    duckRows(duck, "SELECT k, pad FROM '" + dir + "/a.parquet' ORDER BY pad DESC LIMIT 10 OFFSET 100000"),
                    a.sort(col("pad"), true).select("k", "pad").offset(100000).limit(10).rows());
            DataFrame gathered = a.intoPartitions(3);
            assertEquals(3, gathered.numPartitions());
            assertEquals(List.of(List.of(299999L)), gathered.select("k").offset(299999).rows());
            LeakCheck.assertReturnsTo(baseline);
            if (Files.isDirectory(spillDir)) {
                try (Stream<Path> left = Files.list(spillDir)) {
                    assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("daft-spill-") && isRecent(p)),
                            "spill files left behind");
                }
            }
        }
    }

    private static boolean isRecent(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() > System.currentTimeMillis() - 60_000;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
