package io.daft.distributed.scheduler;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.execution.NativeRunner;
import io.daft.execution.stages.StagePlanner;
import io.daft.ops.join.JoinType;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import io.daft.testing.LeakCheck;
import io.daft.testing.ResultComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster scheduler over three workers in this JVM, each with its own shuffle store and Flight server: every
 * kind of stage (hash, random, range and ordered exchanges, broadcast and partitioned joins, in-memory inputs, the
 * result) gives the native runner's answers, and a worker lost after the upstream stages ran has its outputs made
 * again from lineage.
 */
class ClusterRunnerTest {
    @TempDir
    static Path dir;
    static String orders;
    static String lineitem;
    private long baseline;

    @BeforeAll
    static void writeData() throws Exception {
        orders = dir.resolve("orders").toString();
        lineitem = dir.resolve("lineitem").toString();
        Files.createDirectories(Path.of(orders));
        Files.createDirectories(Path.of(lineitem));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            for (int f = 0; f < 3; f++) {
                s.execute("COPY (SELECT i AS o_orderkey, i % 97 AS o_custkey, (i * 7 % 1000)::DECIMAL(12,2) AS o_total,"
                        + " CASE WHEN i % 11 = 0 THEN NULL ELSE 'status' || (i % 3) END AS o_status"
                        + " FROM range(" + (f * 2000) + ", " + ((f + 1) * 2000) + ") t(i)) TO '" + orders + "/part-" + f + ".parquet' (FORMAT PARQUET)");
                s.execute("COPY (SELECT i // 3 AS l_orderkey, i % 50 AS l_part, (i % 13)::DOUBLE AS l_qty"
                        + " FROM range(" + (f * 6000) + ", " + ((f + 1) * 6000) + ") t(i)) TO '" + lineitem + "/part-" + f + ".parquet' (FORMAT PARQUET)");
            }
        }
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
        Daft.setRunnerNative();
    }

    private static void configure(long broadcastThreshold) {
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(4096)
                .broadcastJoinSizeBytesThreshold(broadcastThreshold).build());
    }

    private static List<Supplier<DataFrame>> queries() {
        return List.of(
                // hash exchange + aggregation, range exchange for the sort
                () -> Daft.readParquet(lineitem).groupBy("l_orderkey").agg(AggExpr.of(AggOp.SUM, col("l_qty")), AggExpr.countAll("n"))
                        .sort("l_orderkey"),
                // partitioned (or broadcast) join, filter, sort descending with a limit
                () -> Daft.readParquet(orders).join(Daft.readParquet(lineitem), List.of(col("o_orderkey")), List.of(col("l_orderkey")),
                        JoinType.INNER).where(col("l_qty").gt(lit(3.0))).groupBy("o_status").sum("l_qty").sort("o_status"),
                // outer join and distinct
                () -> Daft.readParquet(orders).join(Daft.readParquet(lineitem), List.of(col("o_orderkey")), List.of(col("l_orderkey")),
                        JoinType.LEFT).select("o_custkey", "l_part").distinct().sort(List.of(col("o_custkey"), col("l_part")), List.of(false, true)),
                // random exchange, then an ordered one (into_partitions keeps order)
                () -> Daft.readParquet(orders).repartition(5).where(col("o_custkey").lt(lit(10L))).select("o_orderkey", "o_total")
                        .sort("o_orderkey").intoPartitions(3),
                // an in-memory input joined with files
                () -> Daft.readParquet(orders).where(col("o_orderkey").lt(lit(300L))).collect()
                        .join(Daft.readParquet(lineitem), List.of(col("o_orderkey")), List.of(col("l_orderkey")), JoinType.INNER)
                        .groupBy("o_custkey").agg(AggExpr.countAll("n")).sort("o_custkey"));
    }

    private static List<List<Object>> nativeRows(Supplier<DataFrame> q) {
        Daft.setRunnerNative(2);
        return q.get().rows();
    }

    @Test
    void everyKindOfStageGivesTheNativeAnswers() {
        baseline = LeakCheck.settledBaseline();
        for (long threshold : new long[] {0, 10L << 20}) {
            configure(threshold);
            List<Supplier<DataFrame>> qs = queries();
            for (int i = 0; i < qs.size(); i++) {
                List<List<Object>> expected = nativeRows(qs.get(i));
                assertTrue(expected.size() > 0, "query " + i + " has rows");
                InProcessWorkers workers = new InProcessWorkers(dir.resolve("w" + threshold + "-" + i), 3, 2);
                Daft.setRunner(new ClusterRunner("cluster", workers, 3));
                List<List<Object>> actual = qs.get(i).get().rows();
                ResultComparison.assertSameRows("query " + i + " (broadcast threshold " + threshold + ")", expected, actual);
                Daft.setRunnerNative();
                assertNoShuffleFiles(dir.resolve("w" + threshold + "-" + i));
            }
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void outputsLostWithAWorkerAreMadeAgain() throws Exception {
        configure(0);
        DataFrame q = queries().get(1).get();
        List<List<Object>> expected = nativeRows(() -> q);
        PhysicalPlan plan = q.physicalPlan();
        try (InProcessWorkers workers = new InProcessWorkers(dir.resolve("lost"), 3, 2);
             ClusterStages stages = new ClusterStages(StagePlanner.plan(plan, Daft.executionConfig()), workers, "q-lost", 3)) {
            stages.runUpstream();
            workers.kill(1);
            List<List<Object>> actual = new ArrayList<>();
            try (CloseableIterator<RecordBatch> it = stages.streamResult()) {
                while (it.hasNext()) {
                    try (RecordBatch b = it.next()) {
                        for (int r = 0; r < b.rowCount(); r++) {
                            List<Object> row = new ArrayList<>();
                            for (int c = 0; c < b.numColumns(); c++) {
                                row.add(Values.get(b.column(c), r));
                            }
                            actual.add(row);
                        }
                    }
                }
            }
            ResultComparison.assertSameRows("after losing a worker", expected, actual);
            assertTrue(stages.reruns() > 0, "no lost output was made again");
            assertEquals(2, workers.live().size());
        }
    }

    private static void assertNoShuffleFiles(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertTrue(files.isEmpty(), "shuffle files left: " + files);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void done() {
        Daft.setRunnerNative();
    }
}
