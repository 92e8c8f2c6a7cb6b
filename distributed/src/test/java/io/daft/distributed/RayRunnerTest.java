package io.daft.distributed;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.distributed.ray.RayCluster;
import io.daft.distributed.ray.RayConnection;
import io.daft.distributed.ray.RayRuntime;
import io.daft.distributed.ray.RayWorkers;
import io.daft.distributed.ray.WorkerInfo;
import io.daft.distributed.scheduler.ClusterRunner;
import io.daft.distributed.scheduler.ClusterStages;
import io.daft.execution.stages.StagePlanner;
import io.daft.testing.ResultComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ray runner on a real local cluster of three nodes: the queries of {@link SampleQueries} (every kind of stage)
 * give the native runner's answers, the tasks spread over the nodes, and a worker JVM killed between the upstream
 * stages and the result has its lost outputs made again.
 */
class RayRunnerTest {
    @TempDir
    static Path dir;
    private static RayCluster cluster;
    private static RayWorkers workers;

    @BeforeAll
    static void start() throws Exception {
        RayRuntime.locate().requireOnClasspath();
        SampleQueries.writeData(dir);
        cluster = RayCluster.start(3, 1);
        workers = new RayWorkers(RayConnection.connect(Optional.of(cluster.address())));
    }

    @AfterAll
    static void stop() {
        Daft.setRunnerNative();
        Daft.setExecutionConfig(ExecutionConfig.defaults());
        try {
            if (workers != null) {
                workers.close();
            }
        } finally {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    private static List<List<Object>> on(io.daft.runners.Runner runner, Supplier<DataFrame> q) {
        return SampleQueries.rows(runner.stream(q.get().physicalPlan()));
    }

    @Test
    void everyKindOfStageGivesTheNativeAnswersAndUsesEveryNode() {
        ClusterRunner ray = new ClusterRunner("ray", workers, 4);
        try (io.daft.execution.NativeRunner nativeRunner = new io.daft.execution.NativeRunner(2)) {
            for (long threshold : new long[] {0, 10L << 20}) {
                SampleQueries.configure(threshold);
                List<Supplier<DataFrame>> qs = SampleQueries.queries();
                for (int i = 0; i < qs.size(); i++) {
                    ResultComparison.assertSameRows("query " + i + " on Ray (broadcast threshold " + threshold + ")",
                            on(nativeRunner, qs.get(i)), on(ray, qs.get(i)));
                }
            }
        }
        SampleQueries.configure(0);
        try (ClusterStages stages = new ClusterStages(StagePlanner.plan(SampleQueries.queries().get(1).get().physicalPlan(),
                Daft.executionConfig()), workers, "q-spread", 4)) {
            stages.runUpstream();
            SampleQueries.rows(stages.streamResult());
            Set<String> nodes = new HashSet<>();
            for (io.daft.execution.stages.Stage s : StagePlanner.plan(SampleQueries.queries().get(1).get().physicalPlan(),
                    Daft.executionConfig()).stages()) {
                nodes.addAll(stages.nodesOf(s.id()));
            }
            assertEquals(3, nodes.size(), "tasks ran on " + nodes);
        }
    }

    @Test
    void aKilledWorkerJvmLosesNothing() throws Exception {
        SampleQueries.configure(0);
        DataFrame q = SampleQueries.queries().get(1).get();
        List<List<Object>> expected;
        try (io.daft.execution.NativeRunner nativeRunner = new io.daft.execution.NativeRunner(2)) {
            expected = SampleQueries.rows(nativeRunner.stream(q.physicalPlan()));
        }
        try (ClusterStages stages = new ClusterStages(StagePlanner.plan(q.physicalPlan(), Daft.executionConfig()), workers, "q-kill", 4)) {
            stages.runUpstream();
            WorkerInfo victim = workers.workerInfos().get(1);
            ProcessHandle jvm = ProcessHandle.of(victim.pid()).orElseThrow();
            jvm.destroyForcibly();
            jvm.onExit().get();
            List<List<Object>> actual = SampleQueries.rows(stages.streamResult());
            ResultComparison.assertSameRows("after a worker JVM was killed", expected, actual);
            assertTrue(stages.reruns() > 0, "no lost output was made again");
        }
        WorkerInfo back = workers.workerInfos().get(1);
        assertTrue(back.restarted(), back.toString());
        assertNotEquals(0, back.pid());
    }
}
