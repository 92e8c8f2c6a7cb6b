package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.micropartition.MicroPartition;
import io.daft.ops.join.JoinType;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;

/**
 * A physical plan survives Java serialization (as it must to reach a Ray worker) and runs the same after, in this
 * JVM; {@code io.daft.execution.StageChildJvmTest} runs a serialized stage in another JVM.
 */
class PlanSerializationTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void serializedPlanRunsUnchanged() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 7 AS g, 'v' || (i % 3) AS s, i / 3.0 AS x FROM range(20000) t(i)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 2000)");
            s.execute("COPY (SELECT i AS g, 'name' || i AS name FROM range(5) t(i)) TO '" + dir.resolve("b.parquet") + "' (FORMAT PARQUET)");
        }
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).broadcastJoinSizeBytesThreshold(0).build());
        DataFrame a = Daft.readParquet(dir + "/a.parquet");
        DataFrame b = Daft.readParquet(dir + "/b.parquet");
        DataFrame q = a.where(col("x").gt(lit(10.0))).join(b, JoinType.LEFT, "g")
                .groupBy("name", "s").agg(AggExpr.of(AggOp.SUM, col("k")).alias("sk"), AggExpr.of(AggOp.MEAN, col("x")).alias("mx"))
                .sort("name");
        PhysicalPlan plan = q.physicalPlan();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(plan);
        }
        PhysicalPlan copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PhysicalPlan) in.readObject();
        }
        assertSameRowsAnyOrder("deserialized plan", q.rows(), rows(Daft.runner().collect(copy)));
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void serializedExplodeAndNestedKeysRunUnchanged() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS k, [i % 3, i % 5] AS xs, {'a': i % 4} AS st FROM range(2000) t(i)) TO '"
                    + dir.resolve("n.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 500)");
        }
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).build());
        DataFrame q = Daft.readParquet(dir + "/n.parquet").explode("xs").groupBy("st", "xs").agg(AggExpr.of(AggOp.SUM, col("k")).alias("sk"));
        PhysicalPlan plan = q.physicalPlan();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(plan);
        }
        PhysicalPlan copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PhysicalPlan) in.readObject();
        }
        List<List<Object>> rows = rows(Daft.runner().collect(copy));
        assertSameRowsAnyOrder("deserialized explode plan", q.rows(), rows);
        org.junit.jupiter.api.Assertions.assertEquals(20, rows.size());   // 4 structs x 5 elements
    }

    /** An in-memory source serializes as a partition-set reference, resolved again by the runner of this JVM. */
    @Test
    void serializedInMemoryScanRunsUnchanged() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 7 AS g FROM range(5000) t(i)) TO '" + dir.resolve("m.parquet") + "' (FORMAT PARQUET)");
        }
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).build());
        DataFrame collected = Daft.readParquet(dir + "/m.parquet").repartition(3).collect();
        DataFrame q = collected.groupBy("g").agg(AggExpr.of(AggOp.SUM, col("k")).alias("sk"));
        PhysicalPlan plan = q.physicalPlan();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(plan);
        }
        PhysicalPlan copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PhysicalPlan) in.readObject();
        }
        org.junit.jupiter.api.Assertions.assertEquals(plan.treeString(), copy.treeString());
        List<List<Object>> rows = rows(Daft.runner().collect(copy));
        assertSameRowsAnyOrder("deserialized in-memory plan", q.rows(), rows);
        org.junit.jupiter.api.Assertions.assertEquals(7, rows.size());
    }

    private static List<List<Object>> rows(List<MicroPartition> parts) {
        List<List<Object>> out = new ArrayList<>();
        for (MicroPartition p : parts) {
            for (RecordBatch b : p.batches()) {
                try (b) {
                    for (int r = 0; r < b.rowCount(); r++) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 0; c < b.numColumns(); c++) {
                            row.add(Values.get(b.column(c), r));
                        }
                        out.add(row);
                    }
                }
            }
            p.close();
        }
        return out;
    }
}
