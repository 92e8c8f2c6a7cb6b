package io.daft.distributed;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.ops.join.JoinType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;

/**
 * Queries that make every kind of stage (hash, random, range and ordered exchanges, broadcast and partitioned joins,
 * an in-memory input, the result) over small Parquet tables written by DuckDB, for checking a cluster runner against
 * the native one.
 */
public final class SampleQueries {
    private static String orders;
    private static String lineitem;

    private SampleQueries() {
    }

    /** Writes orders and lineitem, three files each, under {@code dir}. */
    public static void writeData(Path dir) throws Exception {
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

    /** Four partitions, small scan tasks, and joins broadcast below {@code broadcastThreshold} bytes. */
    public static void configure(long broadcastThreshold) {
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(4).scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(4096)
                .broadcastJoinSizeBytesThreshold(broadcastThreshold).build());
    }

    public static List<Supplier<DataFrame>> queries() {
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


    /** Every row of a stream of batches, as Java values; closes the stream. */
    public static List<List<Object>> rows(io.daft.core.CloseableIterator<io.daft.recordbatch.RecordBatch> batches) {
        List<List<Object>> out = new java.util.ArrayList<>();
        try (batches) {
            while (batches.hasNext()) {
                try (io.daft.recordbatch.RecordBatch b = batches.next()) {
                    out.addAll(io.daft.recordbatch.Values.rows(b));
                }
            }
        }
        return out;
    }
}
