package io.daft.distributed.scheduler;

import io.daft.distributed.SampleQueries;
import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.execution.stages.StagePlanner;
import io.daft.physical.PhysicalPlan;
import io.daft.testing.LeakCheck;
import io.daft.testing.ResultComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster scheduler over three workers in this JVM, each with its own shuffle store and Flight server: every
 * kind of stage (hash, random, range and ordered exchanges, broadcast and partitioned joins, in-memory inputs, the
 * result) gives the native runner's answers, and a worker lost after the upstream stages ran has its outputs made
 * again from lineage.
 */
class ClusterRunnerTest {
    @TempDir
    static Path dir;
    private long baseline;

    @BeforeAll
    static void writeData() throws Exception {
        SampleQueries.writeData(dir);
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(io.daft.config.ExecutionConfig.defaults());
        Daft.setRunnerNative();
    }

    private static List<List<Object>> nativeRows(Supplier<DataFrame> q) {
        Daft.setRunnerNative(2);
        return q.get().rows();
    }

    @Test
    void everyKindOfStageGivesTheNativeAnswers() {
        baseline = LeakCheck.settledBaseline();
        for (long threshold : new long[] {0, 10L << 20}) {
            SampleQueries.configure(threshold);
            List<Supplier<DataFrame>> qs = SampleQueries.queries();
            for (int i = 0; i < qs.size(); i++) {
                List<List<Object>> expected = nativeRows(qs.get(i));
                assertTrue(expected.size() > 0, "query " + i + " has rows");
                InProcessWorkers workers = new InProcessWorkers(dir.resolve("w" + threshold + "-" + i), 3, 2);
                Daft.setRunner(new ClusterRunner("cluster", workers, 3));
                List<List<Object>> actual = qs.get(i).get().rows();
                ResultComparison.assertSameRows("query " + i + " (broadcast threshold " + threshold + ")", expected, actual);
                Daft.setRunnerNative();
                assertNoShuffleFiles(dir.resolve("w" + threshold + "-" + i));
            }
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void outputsLostWithAWorkerAreMadeAgain() throws Exception {
        SampleQueries.configure(0);
        DataFrame q = SampleQueries.queries().get(1).get();
        List<List<Object>> expected = nativeRows(() -> q);
        PhysicalPlan plan = q.physicalPlan();
        try (InProcessWorkers workers = new InProcessWorkers(dir.resolve("lost"), 3, 2);
             ClusterStages stages = new ClusterStages(StagePlanner.plan(plan, Daft.executionConfig()), workers, "q-lost", 3)) {
            stages.runUpstream();
            workers.kill(1);
            List<List<Object>> actual = SampleQueries.rows(stages.streamResult());
            ResultComparison.assertSameRows("after losing a worker", expected, actual);
            assertTrue(stages.reruns() > 0, "no lost output was made again");
            assertEquals(2, workers.live().size());
        }
    }

    private static void assertNoShuffleFiles(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertTrue(files.isEmpty(), "shuffle files left: " + files);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void done() {
        Daft.setRunnerNative();
    }
}
