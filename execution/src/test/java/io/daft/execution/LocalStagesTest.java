package io.daft.execution;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageOutput;
import io.daft.execution.stages.StagePlan;
import io.daft.execution.stages.StagePlanner;
import io.daft.execution.stages.StageRead;
import io.daft.ops.join.JoinType;
import io.daft.physical.Exchange;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.daft.Daft.col;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage DAG: how plans are cut, and that the native runner releases each stage output once it is read. */
class LocalStagesTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    private void write(Connection duck) throws Exception {
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 11 AS g, repeat('x', 30) || i AS pad FROM range(200000) t(i)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
            s.execute("COPY (SELECT i AS g, 'name' || i AS name FROM range(11) t(i)) TO '" + dir.resolve("b.parquet") + "' (FORMAT PARQUET)");
        }
    }

    @Test
    void exchangeOutputsAreReleasedOnceTheirReaderIsDone() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            write(duck);
            long baseline = LeakCheck.settledBaseline();
            ExecutionConfig config = ExecutionConfig.builder().numPartitions(4).scanTasksMinSizeBytes(1)
                    .scanTasksMaxSizeBytes(256 << 10).build();
            Daft.setExecutionConfig(config);
            // a shuffle of all rows, then an aggregation whose shuffle is tiny
            DataFrame q = Daft.readParquet(dir + "/a.parquet").repartition(4, col("k")).groupBy("g")
                    .agg(AggExpr.of(AggOp.SUM, col("k")).alias("sk"), AggExpr.countAll("n"));
            StagePlan plan = StagePlanner.plan(q.physicalPlan(), config);
            List<Stage> stages = plan.stages();
            assertEquals(3, stages.size(), plan.toString());
            Stage rows = stages.get(0);
            Stage partials = stages.get(1);
            assertEquals(StageOutput.Kind.EXCHANGE, rows.output().kind());
            assertEquals(List.of(rows.id()), partials.inputs());
            assertEquals(List.of(partials.id()), plan.resultStage().inputs());

            QueryContext query = QueryContext.start(config);
            List<List<Object>> result;
            try (LocalStages local = new LocalStages(plan, query, Exchanges.Parallel.SEQUENTIAL)) {
                local.run(rows);
                long afterRows = query.memory().reserved();
                assertTrue(local.holds(rows.id()));
                assertTrue(afterRows > 1 << 20, "the shuffled rows are held: " + afterRows);
                local.run(partials);
                long afterPartials = query.memory().reserved();
                assertFalse(local.holds(rows.id()), "read by its only reader, the shuffle is released");
                assertTrue(local.holds(partials.id()));
                assertTrue(afterPartials < afterRows / 100, "reserved " + afterRows + " -> " + afterPartials);
                result = StageChildJvmTest.rows(local.collectResult());
                assertFalse(local.holds(partials.id()));
                assertEquals(0, query.memory().reserved());
            }
            assertSameRowsAnyOrder("aggregate after two shuffles",
                    duckRows(duck, "SELECT g, sum(k), count(*) FROM '" + dir + "/a.parquet' GROUP BY g"), result);
            LeakCheck.assertReturnsTo(baseline);
        }
    }

    @Test
    void stagesAreCutAtExchangesAndBroadcastsWithStableIds() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            write(duck);
            ExecutionConfig config = ExecutionConfig.builder().numPartitions(3).build();
            Daft.setExecutionConfig(config);
            DataFrame q = Daft.readParquet(dir + "/a.parquet").join(Daft.readParquet(dir + "/b.parquet"), JoinType.INNER, "g")
                    .groupBy("name").agg(AggExpr.countAll("n")).sort("name");
            PhysicalPlan physical = q.physicalPlan();
            StagePlan first = StagePlanner.plan(physical, config);
            StagePlan again = StagePlanner.plan(physical, config);
            assertEquals(first.toString(), again.toString(), "the same plan gives the same stages and ids");
            List<StageOutput.Kind> kinds = new ArrayList<>();
            for (Stage s : first.stages()) {
                kinds.add(s.output().kind());
                assertFalse(contains(s.fragment(), Exchange.class), "a fragment ends at its stage's boundaries:\n" + s);
                assertEquals(config, s.config());
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(s);
                }
                for (io.daft.execution.stages.StageId in : s.inputs()) {
                    assertTrue(in.compareTo(s.id()) < 0, "stages come after what they read");
                }
            }
            assertTrue(kinds.contains(StageOutput.Kind.BROADCAST), first.toString());
            assertEquals(StageOutput.Kind.RESULT, kinds.get(kinds.size() - 1));
            HashJoinPlan join = findJoin(first.resultStage().fragment());
            if (join == null) {
                for (Stage s : first.stages()) {
                    join = join == null ? findJoin(s.fragment()) : join;
                }
            }
            assertTrue(join != null && first.stage(StageRead.broadcastStage(join)).output().kind() == StageOutput.Kind.BROADCAST);
            assertSameRowsAnyOrder("broadcast join through stages",
                    duckRows(duck, "SELECT name, count(*) FROM '" + dir + "/a.parquet' JOIN '" + dir + "/b.parquet' USING (g) GROUP BY name"),
                    q.rows());
        }
    }

    private static boolean contains(PhysicalPlan node, Class<?> type) {
        if (type.isInstance(node)) {
            return true;
        }
        for (PhysicalPlan c : node.children()) {
            if (contains(c, type)) {
                return true;
            }
        }
        return false;
    }

    private static HashJoinPlan findJoin(PhysicalPlan node) {
        if (node instanceof HashJoinPlan) {
            return (HashJoinPlan) node;
        }
        for (PhysicalPlan c : node.children()) {
            HashJoinPlan j = findJoin(c);
            if (j != null) {
                return j;
            }
        }
        return null;
    }
}
