package io.daft.execution;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageId;
import io.daft.execution.stages.StagePlan;
import io.daft.execution.stages.StagePlanner;
import io.daft.execution.stages.StageRead;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionSetRef;
import io.daft.physical.ConcatPlan;
import io.daft.physical.InMemoryScan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A serialized stage fragment runs in another JVM (a child {@code java} process, as a Ray worker would) with the
 * same result as in the JVM that planned it: its exchange input and its in-memory input reach the child as Arrow
 * IPC files, resolved by stage id and partition-set reference; its execution config travels inside the stage.
 */
class StageChildJvmTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void serializedStageRunsInChildJvm() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS k, i % 13 AS g, 'v' || (i % 5) AS s FROM range(60000) t(i)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 5000)");
            ExecutionConfig config = ExecutionConfig.builder().numPartitions(3).defaultMorselSize(4096).memoryLimit(256 << 20)
                    .scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(64 << 10).build();
            Daft.setExecutionConfig(config);
            DataFrame a = Daft.readParquet(dir + "/a.parquet");
            DataFrame agg = a.groupBy("g", "s").agg(AggExpr.of(AggOp.SUM, col("k")).alias("sk"), AggExpr.countAll("n"));
            DataFrame small = a.where(col("k").lt(lit(100L))).groupBy("g", "s")
                    .agg(AggExpr.of(AggOp.SUM, col("k")).alias("sk"), AggExpr.countAll("n")).collect();
            long baseline = LeakCheck.settledBaseline();   // after the in-memory input, which the test holds throughout
            PhysicalPlan memory = small.physicalPlan();
            assertTrue(memory instanceof InMemoryScan, memory.treeString());
            PhysicalPlan plan = new ConcatPlan(List.of(agg.physicalPlan(), memory));

            StagePlan stages = StagePlanner.plan(plan, config);
            Stage result = stages.resultStage();
            assertEquals(1, result.inputs().size(), stages.toString());
            assertEquals(1, result.partitionSets().size(), stages.toString());
            assertTrue(stages.stages().size() >= 2, stages.toString());

            List<List<Object>> inProcess = rows(Daft.runner().collect(plan));
            assertSameRowsAnyOrder("in-process against DuckDB", duckRows(duck,
                    "SELECT g, s, sum(k), count(*) FROM '" + dir + "/a.parquet' GROUP BY g, s UNION ALL "
                            + "SELECT g, s, sum(k), count(*) FROM '" + dir + "/a.parquet' WHERE k < 100 GROUP BY g, s"), inProcess);

            // the upstream stages run here; what the result stage reads goes to files, as a cluster would serve it
            try (LocalStages local = new LocalStages(stages, QueryContext.start(config), Exchanges.Parallel.SEQUENTIAL)) {
                local.runUpstream();
                for (StageId id : result.inputs()) {
                    StageRead read = find(result.fragment(), id);
                    for (int r = 0; r < read.numPartitions(); r++) {
                        ArrowFiles.write(dir.resolve("stage-" + id.value() + "-" + r + ".arrows"), read.schema(), local.stageOutput(id, r));
                    }
                }
                for (PartitionSetRef set : result.partitionSets()) {
                    List<MicroPartition> parts = stages.partitionSet(set).orElseThrow();
                    for (int p = 0; p < parts.size(); p++) {
                        ArrowFiles.write(dir.resolve("set-" + set.id() + "-" + p + ".arrows"), set.schema(), parts.get(p).stream());
                    }
                }
            }
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir.resolve("stage.bin")))) {
                out.writeObject(result);
            }

            runChild(dir);

            assertNotEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(dir.resolve("pid")).trim());
            assertEquals(config.asMap().toString(), Files.readString(dir.resolve("config")), "the config travels with the stage");
            List<List<Object>> fromChild = new ArrayList<>();
            for (int p = 0; p < result.numTasks(); p++) {
                try (CloseableIterator<RecordBatch> it = ArrowFiles.read(dir.resolve("out-" + p + ".arrows"), result.fragment().schema())) {
                    while (it.hasNext()) {
                        try (RecordBatch b = it.next()) {
                            addRows(b, fromChild);
                        }
                    }
                }
            }
            assertSameRowsAnyOrder("the stage run in a child JVM", inProcess, fromChild);
            assertEquals(2 * 13 * 5, fromChild.size());
            LeakCheck.assertReturnsTo(baseline);
        }
    }

    /** Starts {@code java} on this test's classpath with the JVM flags the build gives tests, and waits for it. */
    private static void runChild(Path dir) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-Darrow")) {   // the root pom's daft.jvm.flags
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StageTaskMain.class.getName());
        cmd.add(dir.toString());
        File log = dir.resolve("child.log").toFile();
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + Files.readString(log.toPath()));
        }
        assertEquals(0, child.exitValue(), () -> "child JVM failed: " + readQuietly(log.toPath()));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static StageRead find(PhysicalPlan node, StageId id) {
        if (node instanceof StageRead && ((StageRead) node).stage().equals(id)) {
            return (StageRead) node;
        }
        for (PhysicalPlan c : node.children()) {
            StageRead r = find(c, id);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    static List<List<Object>> rows(List<MicroPartition> parts) {
        List<List<Object>> out = new ArrayList<>();
        for (MicroPartition p : parts) {
            try (p; CloseableIterator<RecordBatch> it = p.stream()) {
                while (it.hasNext()) {
                    try (RecordBatch b = it.next()) {
                        addRows(b, out);
                    }
                }
            }
        }
        return out;
    }

    private static void addRows(RecordBatch b, List<List<Object>> out) {
        for (int r = 0; r < b.rowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < b.numColumns(); c++) {
                row.add(Values.get(b.column(c), r));
            }
            out.add(row);
        }
    }
}
