package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.dsl.AggExpr;
import io.daft.ops.join.JoinType;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupting the thread that runs a query (how a cancelled JDBC statement arrives) stops it at any stage and
 * releases all of its Arrow memory.
 */
class CancellationTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void interruptedQueriesReleaseEverything() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 5000 AS g, 'pad' || i AS pad FROM range(2000000) t(i)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 100000)");
        }
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).broadcastJoinSizeBytesThreshold(0)
                .scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(1 << 20).build());
        for (int delayMs : new int[]{20, 150, 600}) {
            DataFrame a = Daft.readParquet(dir + "/a.parquet");
            DataFrame q = a.join(a.select("k", "pad").where(Daft.col("k").gt(Daft.lit(10L))), JoinType.INNER, "k")
                    .groupBy("g").agg(AggExpr.countAll("n"));
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    q.rows();
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            t.start();
            Thread.sleep(delayMs);
            t.interrupt();
            t.join(120_000);
            assertTrue(!t.isAlive(), "query did not stop");
            Throwable e = error.get();
            assertTrue(e == null || e instanceof DaftException, "unexpected " + e);
            LeakCheck.assertReturnsTo(baseline);
        }
    }
}
