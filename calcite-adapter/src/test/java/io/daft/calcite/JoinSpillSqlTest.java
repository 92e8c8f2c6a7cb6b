package io.daft.calcite;

import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.testing.LeakCheck;
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
import java.util.List;
import java.util.stream.Stream;

import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL joins whose build sides are many times a 1 MiB {@code memory_limit} (so they run as grace hash joins over
 * buckets on disk) give DuckDB's answers: a residual condition, NOT IN with and without NULLs in the sub-query,
 * EXISTS, and a full outer join on string keys.
 */
class JoinSpillSqlTest {
    @TempDir
    static Path dir;
    private static Connection duck;
    private static DaftSqlEngine engine;
    private static long baseline;

    @BeforeAll
    static void start() throws Exception {
        baseline = LeakCheck.settledBaseline();
        duck = DriverManager.getConnection("jdbc:duckdb:");
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT CASE WHEN i % 101 = 0 THEN NULL ELSE i % 60000 END AS ak, 'key' || (i % 45000) AS as_,"
                    + " i % 997 AS ax, repeat('a', 10 + (i % 20)::INT) AS apad FROM range(200000) t(i)) TO '"
                    + data.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
            s.execute("COPY (SELECT CASE WHEN i % 103 = 0 THEN NULL ELSE (i * 7) % 90000 END AS bk, 'key' || ((i * 3) % 50000) AS bs,"
                    + " i % 991 AS by_, repeat('b', 10 + (i % 25)::INT) AS bpad FROM range(200000) t(i)) TO '"
                    + data.resolve("b.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
        }
        engine = DaftSqlEngine.create(data);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        duck.close();
        LeakCheck.assertReturnsTo(baseline);
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void spilledJoinsMatchDuckDb() throws Exception {
        String a = "read_parquet('" + dir.resolve("data/a.parquet") + "')";
        String b = "read_parquet('" + dir.resolve("data/b.parquet") + "')";
        List<String[]> queries = List.of(
                new String[]{"SELECT count(*), sum(ax), sum(by_), sum(length(apad) + length(bpad)) FROM a JOIN b ON a.ak = b.bk AND a.ax < b.by_",
                        "SELECT count(*), sum(ax), sum(by_), sum(length(apad) + length(bpad)) FROM A JOIN B ON A.ak = B.bk AND A.ax < B.by_"},
                new String[]{"SELECT count(*), sum(ax) FROM a WHERE ak NOT IN (SELECT bk FROM b)",
                        "SELECT count(*), sum(ax) FROM A WHERE ak NOT IN (SELECT bk FROM B)"},
                new String[]{"SELECT count(*), sum(ax) FROM a WHERE ak NOT IN (SELECT bk FROM b WHERE bk IS NOT NULL)",
                        "SELECT count(*), sum(ax) FROM A WHERE ak NOT IN (SELECT bk FROM B WHERE bk IS NOT NULL)"},
                new String[]{"SELECT count(*), sum(ax) FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.bs = a.as_ AND b.by_ > a.ax)",
                        "SELECT count(*), sum(ax) FROM A WHERE EXISTS (SELECT 1 FROM B WHERE B.bs = A.as_ AND B.by_ > A.ax)"},
                new String[]{"SELECT count(*), count(ax), count(by_), sum(ax), sum(by_) FROM a FULL JOIN b ON a.as_ = b.bs",
                        "SELECT count(*), count(ax), count(by_), sum(ax), sum(by_) FROM A FULL JOIN B ON A.as_ = B.bs"});
        Path spill = dir.resolve("spill");
        for (String[] q : queries) {
            Daft.setExecutionConfig(ExecutionConfig.builder().memoryLimit(1 << 20).tempDirectory(spill.toString())
                    .defaultMorselSize(4096).numPartitions(1).broadcastJoinSizeBytesThreshold(0)
                    .scanTasksMinSizeBytes(1L << 40).scanTasksMaxSizeBytes(1L << 40).build());
            List<List<Object>> ours;
            try (SqlResult r = engine.query(q[0])) {
                ours = r.rows();
            }
            String duckSql = q[1].replace("FROM A", "FROM " + a + " A").replace("FROM B", "FROM " + b + " B")
                    .replace("JOIN B", "JOIN " + b + " B");
            assertSameRows(q[0], duckRows(duck, duckSql), ours);
            try (Stream<Path> files = Files.exists(spill) ? Files.walk(spill) : Stream.empty()) {
                List<Path> left = files.filter(Files::isRegularFile).toList();
                assertTrue(left.isEmpty(), q[0] + ": spill files left: " + left);
            }
        }
    }
}
