package io.daft.engine;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.ops.join.JoinType;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Joins with a small filtered table whose key values reduce a large input first (the optimizer's semi-join
 * reduction, TPC-H q17's shape): the plans gain the semi joins, and the answers stay DuckDB's.
 */
class SemiJoinReductionTest {
    private static Path dir;
    private static Connection duck;
    private long baseline;

    @BeforeAll
    static void writeData() throws Exception {
        dir = Files.createTempDirectory("daft-semi");
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE items AS SELECT i AS id, (i * 7919) % 5003 AS part, CAST((i * 31) % 5000 AS DECIMAL(12,2)) AS qty, "
                    + "CASE WHEN i % 97 = 0 THEN NULL ELSE ((i * 17) % 1000) / 7.0 END AS price FROM range(300000) t(i)");
            s.execute("CREATE TABLE parts AS SELECT p AS part, 'brand-' || (p % 25) AS brand, p % 50 AS size FROM range(0, 6000) t(p)");
            Files.createDirectories(dir.resolve("items"));
            for (int k = 0; k < 3; k++) {
                s.execute("COPY (SELECT * FROM items WHERE id % 3 = " + k + " ORDER BY id) TO '" + dir.resolve("items/part-" + k + ".parquet")
                        + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
            }
            s.execute("COPY parts TO '" + dir.resolve("parts.parquet") + "' (FORMAT PARQUET)");
            s.execute("CREATE VIEW i AS SELECT * FROM read_parquet('" + dir + "/items/*.parquet')");
            s.execute("CREATE VIEW p AS SELECT * FROM read_parquet('" + dir + "/parts.parquet')");
        }
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @BeforeEach
    void start() {
        baseline = LeakCheck.settledBaseline();
    }

    @AfterEach
    void noLeaks() {
        LeakCheck.assertReturnsTo(baseline);
    }

    private static DataFrame items() {
        return Daft.readParquet(dir + "/items/*.parquet");
    }

    private static DataFrame brandParts() {
        return Daft.readParquet(dir + "/parts.parquet").where(col("brand").eq(lit("brand-7")).and(col("size").lt(lit(20L))));
    }

    private static void configure(int partitions, long broadcastBytes) {
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(partitions).scanTasksMinSizeBytes(1)
                .scanTasksMaxSizeBytes(64 << 10).broadcastJoinSizeBytesThreshold(broadcastBytes).build());
    }

    private static int semiJoins(DataFrame df) {
        String plan = df.explain(true);
        String physical = plan.substring(plan.indexOf("Physical"));
        return physical.split("SEMI on", -1).length - 1;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aggregateOnTheKeyIsReducedBelowTheAggregation(int partitions) {
        // the parts table is below the broadcast threshold, the items are far above it
        configure(partitions, 200_000);
        DataFrame perPart = items().groupBy("part").agg(AggExpr.of(AggOp.SUM, col("qty")).alias("total"),
                AggExpr.countAll("n"), AggExpr.of(AggOp.MEAN, col("price")).alias("avg_price"));
        DataFrame joined = perPart.join(brandParts(), JoinType.INNER, "part");
        assertEquals(1, semiJoins(joined));
        assertSameRowsAnyOrder("aggregate joined with filtered parts", duckRows(duck,
                "SELECT part, sum(qty), count(*), avg(price), brand, size FROM i JOIN (SELECT * FROM p WHERE brand = 'brand-7' AND size < 20) "
                        + "USING (part) GROUP BY part, brand, size"), joined.rows());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void largeInputOfAPartitionedJoinIsReduced(int partitions) {
        // q17: (per-part aggregate of items joined with filtered parts) joined with items again
        configure(partitions, 200_000);
        DataFrame perPart = items().groupBy("part").agg(AggExpr.of(AggOp.MEAN, col("qty")).alias("avg_qty"))
                .join(brandParts(), JoinType.INNER, "part");
        DataFrame all = items().join(perPart, JoinType.INNER, "part").where(col("qty").lt(col("avg_qty")))
                .agg(AggExpr.of(AggOp.SUM, col("qty")).alias("s"), AggExpr.countAll("n"));
        assertEquals(2, semiJoins(all));
        assertSameRowsAnyOrder("q17 shape", duckRows(duck,
                "SELECT sum(i.qty), count(*) FROM i JOIN (SELECT part, avg(qty) AS avg_qty FROM i JOIN p USING (part) "
                        + "WHERE brand = 'brand-7' AND size < 20 GROUP BY part) a USING (part) WHERE i.qty < a.avg_qty"), all.rows());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void noReductionWhenNothingIsLargeOrTheOriginIsUnfiltered(int partitions) {
        configure(partitions, 100L << 20); // every input is small: not worth another scan
        DataFrame joined = items().groupBy("part").agg(AggExpr.countAll("n")).join(brandParts(), JoinType.INNER, "part");
        assertEquals(0, semiJoins(joined));
        configure(partitions, 200_000);
        DataFrame plain = items().join(brandParts(), JoinType.INNER, "part");
        assertEquals(0, semiJoins(plain), "the broadcast join itself drops the rows as early");
        DataFrame unfiltered = items().groupBy("part").agg(AggExpr.countAll("n"))
                .join(Daft.readParquet(dir + "/parts.parquet"), JoinType.INNER, "part");
        assertEquals(0, semiJoins(unfiltered));
        List<List<Object>> rows = unfiltered.agg(AggExpr.of(AggOp.SUM, col("n")).alias("n")).rows();
        assertSameRowsAnyOrder("unfiltered", duckRows(duck, "SELECT count(*) FROM i JOIN p USING (part)"), rows);
        assertTrue(rows.size() == 1);
        assertFalse(rows.get(0).contains(null));
    }
}
