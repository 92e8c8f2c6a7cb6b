package io.daft.engine;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.logical.SortKey;
import io.daft.memory.Memory;
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
import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DataFrame results against DuckDB on the same Parquet files (written by DuckDB, several files per table), for
 * filters, aggregates, joins and sorts, at several partition counts.
 */
class DuckDbComparisonTest {
    private static Path dir;
    private static Connection duck;
    private long baseline;

    @BeforeAll
    static void writeData() throws Exception {
        dir = Files.createTempDirectory("daft-duck");
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE orders AS SELECT i AS o_id, (i * 7919) % 5003 AS cust, "
                    + "CASE WHEN i % 11 = 0 THEN NULL ELSE ['A','B','C','D','E'][1 + (i % 5)] END AS status, "
                    + "CAST(((i * 31) % 100000) / 100.0 AS DECIMAL(12,2)) AS amount, "
                    + "CASE WHEN i % 13 = 0 THEN NULL ELSE ((i * 17) % 1000) / 7.0 END AS price, "
                    + "DATE '2020-01-01' + CAST(i % 1500 AS INTEGER) AS odate "
                    + "FROM range(200000) t(i)");
            s.execute("CREATE TABLE customers AS SELECT c AS cust, 'name-' || c AS name, "
                    + "CASE WHEN c % 17 = 0 THEN NULL ELSE 'region-' || (c % 7) END AS region "
                    + "FROM range(0, 6000, 2) t(c)");
            Files.createDirectories(dir.resolve("orders"));
            for (int k = 0; k < 4; k++) {
                s.execute("COPY (SELECT * FROM orders WHERE o_id % 4 = " + k + " ORDER BY o_id) TO '" + dir.resolve("orders/part-" + k + ".parquet")
                        + "' (FORMAT PARQUET, ROW_GROUP_SIZE 10000)");
            }
            s.execute("COPY customers TO '" + dir.resolve("customers.parquet") + "' (FORMAT PARQUET)");
            s.execute("CREATE VIEW o AS SELECT * FROM read_parquet('" + dir + "/orders/*.parquet')");
            s.execute("CREATE VIEW c AS SELECT * FROM read_parquet('" + dir + "/customers.parquet')");
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

    private static DataFrame orders() {
        return Daft.readParquet(dir + "/orders/*.parquet");
    }

    private static DataFrame customers() {
        return Daft.readParquet(dir + "/customers.parquet");
    }

    private static void configure(int partitions) {
        // small scan tasks so every file (and row-group slices of it) becomes its own partition
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(partitions)
                .scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(partitions == 1 ? 1L << 40 : 64 << 10)
                .broadcastJoinSizeBytesThreshold(partitions == 3 ? 0 : 10L << 20).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void filterProject(int partitions) {
        configure(partitions);
        List<List<Object>> ours = orders().where(col("status").eq(lit("A")).and(col("price").gt(lit(100.0))))
                .select(col("o_id"), col("price").multiply(lit(2.0)).alias("p2"), col("odate")).rows();
        assertSameRowsAnyOrder("filter", duckRows(duck, "SELECT o_id, price * 2, odate FROM o WHERE status = 'A' AND price > 100"), ours);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void groupByAggregates(int partitions) {
        configure(partitions);
        List<List<Object>> ours = orders().groupBy("status").agg(
                AggExpr.countAll("n"),
                AggExpr.of(AggOp.SUM, col("amount")).alias("s"),
                AggExpr.of(AggOp.MEAN, col("price")).alias("m"),
                AggExpr.of(AggOp.MIN, col("odate")).alias("d0"),
                AggExpr.of(AggOp.MAX, col("price")).alias("p1"),
                AggExpr.of(AggOp.COUNT, col("price")).alias("np"),
                AggExpr.of(AggOp.STDDEV, col("price")).alias("sd"),
                AggExpr.of(AggOp.COUNT_DISTINCT, col("cust")).alias("dc")).rows();
        assertSameRowsAnyOrder("group by", duckRows(duck, "SELECT status, count(*), sum(amount), avg(price), min(odate), max(price), "
                + "count(price), stddev_samp(price), count(DISTINCT cust) FROM o GROUP BY status"), ours);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void topCustomers(int partitions) {
        configure(partitions);
        List<List<Object>> ours = orders().groupBy("cust").sum("amount")
                .sortBy(List.of(SortKey.desc(col("amount")), SortKey.asc(col("cust")))).limit(25).rows();
        assertSameRows("top-n", duckRows(duck, "SELECT cust, sum(amount) AS s FROM o GROUP BY cust ORDER BY s DESC, cust LIMIT 25"), ours);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void joins(int partitions) {
        configure(partitions);
        List<List<Object>> ours = orders().join(customers(), JoinType.INNER, "cust").groupBy("region").sum("amount").rows();
        assertSameRowsAnyOrder("inner join", duckRows(duck, "SELECT region, sum(amount) FROM o JOIN c USING (cust) GROUP BY region"), ours);
        assertSameRows("left join", duckRows(duck, "SELECT count(*), count(name) FROM o LEFT JOIN c USING (cust)"),
                orders().join(customers(), JoinType.LEFT, "cust").agg(AggExpr.countAll("n"), AggExpr.of(AggOp.COUNT, col("name"))).rows());
        assertSameRows("right join", duckRows(duck, "SELECT count(*), count(o_id) FROM o RIGHT JOIN c USING (cust)"),
                orders().join(customers(), JoinType.RIGHT, "cust").agg(AggExpr.countAll("n"), AggExpr.of(AggOp.COUNT, col("o_id"))).rows());
        assertSameRows("full join", duckRows(duck, "SELECT count(*), count(o_id), count(name) FROM o FULL JOIN c USING (cust)"),
                orders().join(customers(), JoinType.FULL, "cust").agg(AggExpr.countAll("n"), AggExpr.of(AggOp.COUNT, col("o_id")),
                        AggExpr.of(AggOp.COUNT, col("name"))).rows());
        assertSameRows("semi join", duckRows(duck, "SELECT count(*) FROM o WHERE cust IN (SELECT cust FROM c)"),
                orders().join(customers(), JoinType.SEMI, "cust").agg(AggExpr.countAll("n")).rows());
        assertSameRows("anti join", duckRows(duck, "SELECT count(*) FROM o WHERE cust NOT IN (SELECT cust FROM c)"),
                orders().join(customers(), JoinType.ANTI, "cust").agg(AggExpr.countAll("n")).rows());
        // the smaller side on the left: a partitioned semi / anti join builds it and probes with the right
        assertSameRowsAnyOrder("semi join, small left", duckRows(duck, "SELECT cust, name FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cust = c.cust)"),
                customers().join(orders(), JoinType.SEMI, "cust").select("cust", "name").rows());
        assertSameRowsAnyOrder("anti join, small left", duckRows(duck, "SELECT cust, name FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cust = c.cust)"),
                customers().join(orders(), JoinType.ANTI, "cust").select("cust", "name").rows());
        if (partitions == 3) {
            assertTrue(customers().join(orders(), JoinType.ANTI, "cust").explain(true).contains("PARTITIONED_BUILD_LEFT"),
                    customers().join(orders(), JoinType.ANTI, "cust").explain(true));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void sortWithNullsAndOffset(int partitions) {
        configure(partitions);
        List<List<Object>> ours = orders().sortBy(List.of(new SortKey(col("status"), false, true), SortKey.desc(col("price")), SortKey.asc(col("o_id"))))
                .select("o_id", "status", "price").offset(50).limit(100).rows();
        assertSameRows("sort", duckRows(duck, "SELECT o_id, status, price FROM o ORDER BY status NULLS FIRST, price DESC NULLS FIRST, o_id LIMIT 100 OFFSET 50"), ours);
        List<List<Object>> full = orders().sortBy(List.of(SortKey.asc(col("odate")), SortKey.asc(col("o_id")))).select("o_id").rows();
        assertSameRows("full sort", duckRows(duck, "SELECT o_id FROM o ORDER BY odate, o_id"), full);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void distinctAndUnion(int partitions) {
        configure(partitions);
        assertSameRowsAnyOrder("distinct", duckRows(duck, "SELECT DISTINCT status, odate FROM o"), orders().select("status", "odate").distinct().rows());
        assertSameRows("union all", duckRows(duck, "SELECT count(*) FROM (SELECT cust FROM o UNION ALL SELECT cust FROM c)"),
                orders().select("cust").unionAll(customers().select("cust")).agg(AggExpr.countAll("n")).rows());
    }
}
