package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.execution.ExplainAnalyze;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.daft.Daft.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EXPLAIN ANALYZE on DataFrames: each operator's rows, and the query's memory and spilling. */
class ExplainAnalyzeTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void reportsRowsPerOperatorAndSpillingUnderATinyLimit() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 1000 AS g, repeat('x', 20) || i AS pad FROM range(200000) t(i)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
        }
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).memoryLimit(2 << 20)
                .scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(256 << 10).build());
        DataFrame df = Daft.readParquet(dir + "/a.parquet").where(col("k").gte(Daft.lit(1000L)))
                .repartition(3, col("pad")).groupBy("g").agg(AggExpr.countAll("n"), AggExpr.of(AggOp.SUM, col("k")));
        String text = df.explainAnalyze();
        assertTrue(text.startsWith("== Physical Plan (analyzed), by stage =="), text);
        assertTrue(text.contains("rows returned: 1000"), text);
        // the scan's filter keeps 199000 rows; the final aggregate makes the 1000 groups
        assertTrue(text.lines().anyMatch(l -> l.contains("Scan:") && l.contains("rows=199000,")), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("Aggregate(FINAL)") && l.contains("rows=1000,")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("Stage 0 -> exchange hash[pad] into 3: 10 tasks, ")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("Stage 2 -> result: 3 tasks, ")), text);
        Matcher q = Pattern.compile("peak memory (\\S+ \\S+) of memory_limit 2\\.0 MiB, spilled (\\S+) (\\S+) in (\\d+) files").matcher(text);
        assertTrue(q.find(), text);
        assertTrue(Integer.parseInt(q.group(4)) > 0, "the 2 MiB limit makes the 7 MB repartition spill: " + text);
    }

    @Test
    void recognizesTheStatementInSql() {
        assertEquals("SELECT 1", ExplainAnalyze.innerQuery("  -- why\n explain analyze SELECT 1;"));
        assertEquals("select *\nfrom t", ExplainAnalyze.innerQuery("EXPLAIN ANALYSE select *\nfrom t"));
        assertNull(ExplainAnalyze.innerQuery("EXPLAIN SELECT 1"));
        assertNull(ExplainAnalyze.innerQuery("SELECT 'EXPLAIN ANALYZE x'"));
    }
}
