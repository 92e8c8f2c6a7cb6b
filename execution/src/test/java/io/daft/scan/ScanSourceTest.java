package io.daft.scan;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scan planning (splits and merges by the size knobs) and schema unification across files. */
class ScanSourceTest {
    @TempDir
    Path dir;
    private long baseline;

    @BeforeEach
    void start() {
        baseline = LeakCheck.settledBaseline();
    }

    @AfterEach
    void end() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
        LeakCheck.assertReturnsTo(baseline);
    }

    private void duck(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql.replace("$DIR", dir.toString()));
            }
        }
    }

    @Test
    void splitsByRowGroupsAndMergesSmallFiles() throws Exception {
        duck("COPY (SELECT i AS a, i * 2 AS b FROM range(100000) t(i)) TO '$DIR/big.parquet' (FORMAT PARQUET, ROW_GROUP_SIZE 10000)",
                "COPY (SELECT i AS a, i * 2 AS b FROM range(10) t(i)) TO '$DIR/s1.parquet' (FORMAT PARQUET)",
                "COPY (SELECT i AS a, i * 2 AS b FROM range(10) t(i)) TO '$DIR/s2.parquet' (FORMAT PARQUET)");
        ScanSource big = ScanSource.create(List.of(dir + "/big.parquet"), new ParquetScanFormat(), Optional.empty());
        long size = big.totalFileBytes();
        // max below the file size: split by row groups into about size/max tasks
        ExecutionConfig split = ExecutionConfig.builder().numPartitions(1).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(size / 4).build();
        List<ScanTask> tasks = big.planTasks(Pushdowns.none(), split);
        assertTrue(tasks.size() >= 4 && tasks.size() <= 10, "tasks: " + tasks.size());
        for (ScanTask t : tasks) {
            assertTrue(t.slices().get(0).rowGroups().isPresent());
            assertEquals(3.0 * t.sizeBytes(), t.estimatedMemoryBytes(), 1.0); // parquet_inflation_factor
        }
        // default knobs, one partition wanted: one task holds all three files
        ScanSource all = ScanSource.create(List.of(dir + "/*.parquet"), new ParquetScanFormat(), Optional.empty());
        assertEquals(1, all.planTasks(Pushdowns.none(), ExecutionConfig.builder().numPartitions(1).build()).size());
        // several partitions wanted: the big file is cut by row groups to give each a task
        assertEquals(4, all.planTasks(Pushdowns.none(), ExecutionConfig.builder().numPartitions(4).build()).size());

        // every split reads every row exactly once
        Daft.setExecutionConfig(split);
        DataFrame df = Daft.readParquet(dir + "/big.parquet");
        assertEquals(tasks.size(), df.numPartitions());
        assertEquals(List.of(Arrays.asList(100000L, 4999950000L)),
                df.agg(io.daft.dsl.AggExpr.countAll("n"), io.daft.dsl.AggExpr.of(io.daft.dsl.AggOp.SUM, col("a"))).rows());
    }

    @Test
    void statisticsComeFromEveryFootersRowsAndIntegerRanges() throws Exception {
        duck("COPY (SELECT i AS k, i % 25 AS nation, DATE '2020-01-01' + i::INTEGER AS d, i::DOUBLE AS x, 'v' || i AS s"
                        + " FROM range(0, 1000) t(i)) TO '$DIR/a.parquet' (FORMAT PARQUET, ROW_GROUP_SIZE 100)",
                "COPY (SELECT i * 4 AS k, i % 25 AS nation, DATE '2020-01-01' AS d, i::DOUBLE AS x, 'v' AS s"
                        + " FROM range(1000, 1500) t(i)) TO '$DIR/b.parquet' (FORMAT PARQUET)",
                "COPY (SELECT i AS k FROM range(10) t(i)) TO '$DIR/c.csv' (FORMAT CSV, HEADER)");
        ScanSource both = ScanSource.create(List.of(dir + "/*.parquet"), new ParquetScanFormat(), Optional.empty());
        TableStatistics stats = both.statistics().orElseThrow();
        assertEquals(1500, stats.rowCount());
        // keys 0..999 and 4000..5996: the range bounds the distinct values, the rows bound them too
        assertEquals(new TableStatistics.LongRange(0, 5996), stats.ranges().get("k"));
        assertEquals(java.util.OptionalLong.of(1500), stats.distinctUpperBound("k"));
        assertEquals(java.util.OptionalLong.of(25), stats.distinctUpperBound("nation"));
        assertEquals(java.util.OptionalLong.of(1000), stats.distinctUpperBound("d"));
        // no ranges for floating point or strings
        assertTrue(stats.distinctUpperBound("x").isEmpty());
        assertTrue(stats.distinctUpperBound("s").isEmpty());
        assertTrue(stats.distinctUpperBound("missing").isEmpty());
        // CSV files have no metadata
        ScanSource csv = ScanSource.create(List.of(dir + "/c.csv"), new io.daft.scan.CsvScanFormat(io.daft.csv.CsvOptions.defaults()), Optional.empty());
        assertTrue(csv.statistics().isEmpty());
    }

    @Test
    void unifiesCompatibleSchemas() throws Exception {
        duck("COPY (SELECT 1::INTEGER AS a, 'x' AS s) TO '$DIR/f1.parquet' (FORMAT PARQUET)",
                "COPY (SELECT 2::BIGINT AS a, 'y' AS s, 2.5::DOUBLE AS extra) TO '$DIR/f2.parquet' (FORMAT PARQUET)");
        DataFrame df = Daft.readParquet(dir + "/*.parquet");
        assertEquals(DataType.INT64, df.schema().field("a").dataType());
        assertEquals(List.of("a", "s", "extra"), df.columnNames());
        assertEquals(List.of(Arrays.asList(1L, "x", null), Arrays.asList(2L, "y", 2.5)), df.sort("a").rows());
        assertEquals(List.of(List.of(2L)), df.where(col("extra").gt(lit(1.0))).select("a").rows());
    }

    @Test
    void rejectsIncompatibleSchemasNamingTheFiles() throws Exception {
        duck("COPY (SELECT 1 AS a) TO '$DIR/f1.parquet' (FORMAT PARQUET)",
                "COPY (SELECT 'one' AS a) TO '$DIR/f2.parquet' (FORMAT PARQUET)");
        DaftException e = assertThrows(DaftException.class, () -> Daft.readParquet(dir + "/*.parquet"));
        assertTrue(e.getMessage().contains("f1.parquet") && e.getMessage().contains("f2.parquet") && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void limitAndFilterPushdownsReachTheScan() throws Exception {
        duck("COPY (SELECT i AS a, i % 10 AS b FROM range(50000) t(i)) TO '$DIR/t.parquet' (FORMAT PARQUET, ROW_GROUP_SIZE 5000)");
        DataFrame df = Daft.readParquet(dir + "/t.parquet");
        String plan = df.where(col("a").lt(lit(100L))).select("b").explain(true);
        assertTrue(plan.contains("pushdowns[columns=[b, a], filter=") || plan.contains("filter=(col(a) < lit(100))"), plan);
        assertEquals(100, df.where(col("a").lt(lit(100L))).count());
        String limited = df.limit(7).explain(true);
        assertTrue(limited.contains("limit=7"), limited);
        assertEquals(7, df.limit(7).rows().size());
        try (var ctx = Daft.planningConfigCtx(c -> c.enablePushdowns(false))) {
            String off = df.where(col("a").lt(lit(100L))).limit(3).explain(true);
            assertTrue(!off.contains("pushdowns["), off);
            assertEquals(3, df.where(col("a").lt(lit(100L))).limit(3).rows().size());
        }
        try (var ctx = Daft.planningConfigCtx(c -> c.enableIoFusion(false))) {
            assertTrue(!df.select(col("a").plus(lit(1L))).explain(true).contains("fused["));
            assertEquals(50000, df.select(col("a").plus(lit(1L))).count());
        }
        assertTrue(df.select(col("a").plus(lit(1L))).explain(true).contains("fused["));
    }

    @Test
    void corruptFileErrorNamesIt() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("bad.parquet"), "this is not parquet");
        DaftException e = assertThrows(DaftException.class, () -> Daft.readParquet(dir + "/bad.parquet").rows());
        assertTrue(e.getMessage().contains("bad.parquet"), e.getMessage());
    }
}
