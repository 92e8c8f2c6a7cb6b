package io.daft.engine;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.memory.Memory;
import io.daft.ops.join.JoinType;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.RowsToBatch;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** DataFrame operations on small in-memory tables, checked against hand-computed answers. */
class DataFrameTest {
    private static final Schema SCHEMA = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64), Field.of("x", DataType.FLOAT64));
    private long before;

    @BeforeEach
    void start() {
        before = LeakCheck.settledBaseline();
    }

    @AfterEach
    void noLeaks() {
        LeakCheck.assertReturnsTo(before);
    }

    private static DataFrame table(Object[]... rows) {
        List<List<Object>> rs = new ArrayList<>();
        for (Object[] r : rows) {
            rs.add(Arrays.asList(r));
        }
        RecordBatch b = RowsToBatch.build(SCHEMA, rs);
        return Daft.fromBatches(SCHEMA, List.of(b));
    }

    private static DataFrame sample() {
        return table(
                new Object[]{"a", 1L, 1.5},
                new Object[]{"b", 2L, null},
                new Object[]{"a", 3L, 2.5},
                new Object[]{null, 4L, 0.5},
                new Object[]{"b", null, 1.0});
    }

    @Test
    void filterAndProject() {
        List<List<Object>> rows = sample().where(col("v").gt(lit(1L))).select(col("k"), col("v").multiply(lit(10L)).alias("v10")).rows();
        assertEquals(List.of(List.of("b", 20L), List.of("a", 30L), Arrays.asList(null, 40L)), rows);
    }

    @Test
    void groupBySum() {
        List<List<Object>> rows = sample().groupBy("k").agg(AggExpr.of(AggOp.SUM, col("v")), AggExpr.countAll("n"))
                .sort("k").rows();
        assertEquals(List.of(List.of("a", 4L, 2L), List.of("b", 2L, 2L), Arrays.asList(null, 4L, 1L)), rows);
    }

    @Test
    void groupBySumAcrossPartitions() {
        List<List<Object>> rows = sample().repartition(3).groupBy("k").sum("v").sort("k").rows();
        assertEquals(List.of(List.of("a", 4L), List.of("b", 2L), Arrays.asList(null, 4L)), rows);
    }

    @Test
    void globalAggregates() {
        List<List<Object>> rows = sample().repartition(2).agg(AggExpr.of(AggOp.SUM, col("v")), AggExpr.of(AggOp.MEAN, col("x")),
                AggExpr.of(AggOp.COUNT, col("x")).alias("cx"), AggExpr.countAll("n")).rows();
        assertEquals(List.of(List.of(10L, 1.375, 4L, 5L)), rows);
        assertEquals(5L, sample().repartition(4).count());
    }

    @Test
    void joinTypes() {
        Schema rs = Schema.of(Field.of("k", DataType.UTF8), Field.of("name", DataType.UTF8));
        DataFrame right = Daft.fromBatches(rs, List.of(RowsToBatch.build(rs, List.of(
                List.of("a", "alpha"), List.of("c", "gamma")))));
        assertEquals(List.of(List.of("a", 1L, 1.5, "alpha"), List.of("a", 3L, 2.5, "alpha")),
                sample().join(right, JoinType.INNER, "k").sort("v").rows());
        assertEquals(5, sample().join(right, JoinType.LEFT, "k").count());
        assertEquals(6, sample().join(right, JoinType.FULL, "k").count());
        assertEquals(2, sample().join(right, JoinType.SEMI, "k").count());
        assertEquals(3, sample().join(right, JoinType.ANTI, "k").count());
        try (var ctx = Daft.executionConfigCtx(c -> c.broadcastJoinSizeBytesThreshold(0).numPartitions(3))) {
            assertEquals(List.of(List.of("a", 1L, 1.5, "alpha"), List.of("a", 3L, 2.5, "alpha")),
                    sample().repartition(2).join(right, JoinType.INNER, "k").sort("v").rows());
            assertEquals(6, sample().repartition(2).join(right, JoinType.FULL, "k").count());
        }
    }

    @Test
    void sortLimitDistinctUnion() {
        assertEquals(List.of(List.of(4L), List.of(3L)), sample().repartition(3).sort(col("v"), true).where(col("v").notNull()).select("v").limit(2).rows());
        assertEquals(3, sample().select("k").distinct().count());
        assertEquals(10, sample().unionAll(sample()).count());
        assertEquals(5, sample().union(sample()).count());
    }

    @Test
    void intoPartitionsAndRepartition() {
        DataFrame df = sample().intoPartitions(3);
        assertEquals(3, df.numPartitions());
        List<DataFrame> parts = df.partitions();
        assertEquals(3, parts.size());
        assertEquals(List.of(2L, 2L, 1L), parts.stream().map(DataFrame::count).toList());
        // order is kept
        assertEquals(List.of(1L, 2L, 3L, 4L), df.where(col("v").notNull()).select("v").rows().stream().map(r -> r.get(0)).toList());
        assertEquals(4, sample().repartition(4, col("k")).numPartitions());
        assertEquals(5, sample().repartition(4, col("k")).count());
    }

    @Test
    void errorsNameTheirCause() {
        io.daft.core.DaftException e = org.junit.jupiter.api.Assertions.assertThrows(io.daft.core.DaftException.class,
                () -> sample().select("nope"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("[k, v, x]"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(io.daft.core.DaftException.class,
                () -> sample().where(col("k").plus(lit(1L))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("col(k)"), e.getMessage());
        // a failure inside one partition surfaces with its message, and nothing leaks
        e = org.junit.jupiter.api.Assertions.assertThrows(io.daft.core.DaftException.class,
                () -> sample().repartition(3).select(col("k").cast(DataType.INT64)).rows());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'a'") || e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void toArrowStreamsBatches() {
        long rows = 0;
        try (io.daft.core.CloseableIterator<org.apache.arrow.vector.VectorSchemaRoot> it = sample().repartition(2).toArrow()) {
            while (it.hasNext()) {
                try (org.apache.arrow.vector.VectorSchemaRoot root = it.next()) {
                    assertEquals(List.of("k", "v", "x"), root.getSchema().getFields().stream().map(f -> f.getName()).toList());
                    rows += root.getRowCount();
                }
            }
        }
        assertEquals(5, rows);
    }

    @Test
    void nullPredicateKeepsNoRows() {
        assertEquals(0, sample().repartition(2).where(io.daft.dsl.Literal.nullOf(DataType.BOOLEAN)).rows().size());
    }
}
