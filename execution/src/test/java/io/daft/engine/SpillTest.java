package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.execution.QueryContext;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.daft.Daft.col;
import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exchanges over the memory limit spill to disk (hash shuffles; range and ordered ones too, which keep their input
 * spillable until the cuts are known) and still give the right answers, in order where order matters; each query
 * spills into {@code <temp_directory>/daft-spill-<pid>/q<N>/}, removed when it ends.
 */
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
            Path temp = dir.resolve("tmp");
            // ~14 MB of rows against a 512 KiB limit: exchange outputs go to disk
            long limit = 512 << 10;
            Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).memoryLimit(limit).tempDirectory(temp.toString())
                    .broadcastJoinSizeBytesThreshold(0).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(256 << 10).build());
            List<QueryContext> queries = new CopyOnWriteArrayList<>();
            try (var observing = QueryContext.observe(queries::add)) {
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
            }
            LeakCheck.assertReturnsTo(baseline);
            assertEquals(3, queries.size());
            Path processFolder = temp.resolve("daft-spill-" + ProcessHandle.current().pid());
            for (QueryContext q : queries) {
                assertTrue(q.spill().bytesSpilled() > 0, "nothing spilled: " + q);
                assertTrue(q.memory().peak() <= limit, "peak over the limit: " + q);
                Path folder = q.spill().folder();
                assertEquals(processFolder, folder.getParent(), "spill folder <tmp>/daft-spill-<pid>/q<N>: " + folder);
                assertTrue(folder.getFileName().toString().matches("q[0-9]+"), folder.toString());
                assertFalse(Files.exists(folder), "the query's spill folder is removed: " + folder);
            }
            if (Files.isDirectory(processFolder)) {
                try (Stream<Path> left = Files.list(processFolder)) {
                    assertEquals(List.of(), left.collect(Collectors.toList()), "spill files left behind");
                }
            }
        }
    }
    /** A query closed after its first batch (a cancelled stream) ends with its spilled exchanges removed. */
    @Test
    void cancelledStreamRemovesItsSpillFiles() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, repeat('x', 20) || i AS pad FROM range(300000) t(i)) TO '"
                    + dir.resolve("d.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 30000)");
        }
        long baseline = LeakCheck.settledBaseline();
        Path temp = dir.resolve("tmp3");
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).memoryLimit(512 << 10).tempDirectory(temp.toString())
                .scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(256 << 10).build());
        List<QueryContext> queries = new CopyOnWriteArrayList<>();
        try (var observing = QueryContext.observe(queries::add);
             io.daft.core.CloseableIterator<io.daft.recordbatch.RecordBatch> it = Daft.readParquet(dir + "/d.parquet")
                .sort(col("pad"), true).stream()) {
            assertTrue(it.hasNext());
            it.next().close();
            assertEquals(1, queries.size());
            assertTrue(Files.isDirectory(queries.get(0).spill().folder()), "the query is still running, its spill files kept");
        }
        LeakCheck.assertReturnsTo(baseline);
        assertEquals(1, queries.size());
        assertTrue(queries.get(0).spill().bytesSpilled() > 0, queries.get(0).toString());
        assertFalse(Files.exists(queries.get(0).spill().folder()), "the cancelled query's spill folder is removed");
    }

    /** A spill beyond max_temp_directory_size fails the query clearly, and its folder is removed all the same. */
    @Test
    void spillOverTheDiskLimitFailsAndCleansUp() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, repeat('x', 20) || i AS pad FROM range(300000) t(i)) TO '"
                    + dir.resolve("c.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 30000)");
        }
        long baseline = LeakCheck.settledBaseline();
        Path temp = dir.resolve("tmp2");
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).memoryLimit(256 << 10).maxTempDirectorySize(64 << 10)
                .tempDirectory(temp.toString()).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(256 << 10).build());
        List<QueryContext> queries = new CopyOnWriteArrayList<>();
        try (var observing = QueryContext.observe(queries::add)) {
            DataFrame q = Daft.readParquet(dir + "/c.parquet").sort(col("pad"), true);
            io.daft.core.DaftException e = org.junit.jupiter.api.Assertions.assertThrows(io.daft.core.DaftException.class, q::rows);
            assertTrue(String.valueOf(e.getMessage()).contains("max_temp_directory_size"), e.getMessage());
        }
        LeakCheck.assertReturnsTo(baseline);
        assertEquals(1, queries.size());
        assertFalse(Files.exists(queries.get(0).spill().folder()), "the failed query's spill folder is removed");
    }

}
