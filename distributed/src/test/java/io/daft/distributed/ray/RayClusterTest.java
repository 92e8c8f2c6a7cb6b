package io.daft.distributed.ray;

import io.daft.cli.SampleData;
import io.ray.api.ObjectRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real 3-node Ray cluster on this machine (one per class): one {@link DaftWorker} actor per node, our engine running
 * in each worker JVM, an actor restarted after its JVM is killed, and nothing of the cluster left after stop.
 * Needs Ray installed ({@code .ci/run} does it); fails with the way to install it otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RayClusterTest {
    private static final int NODES = 3;
    private static final long ROWS = 1234;
    private static final long CALL_TIMEOUT_MS = 60_000;

    @TempDir
    static Path tmp;

    private static RayCluster cluster;
    private static RayConnection connection;
    private static List<DaftWorkers.Worker> workers;
    private static String parquet;

    @BeforeAll
    static void startCluster() throws Exception {
        RayRuntime.locate().requireOnClasspath();
        SampleData.write(tmp.resolve("sales"), 1, ROWS);
        parquet = tmp.resolve("sales").toString() + "/*.parquet";
        long t0 = System.nanoTime();
        cluster = RayCluster.start(NODES, 1);
        long t1 = System.nanoTime();
        connection = RayConnection.connect(Optional.of(cluster.address()));
        long t2 = System.nanoTime();
        System.out.printf("cluster of %d nodes started in %d ms; driver connected in %d ms%n", NODES, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    @Test
    @Order(1)
    void oneActorPerNodeRunsOurEngine() throws Exception {
        assertTrue(cluster.status().running(), cluster.status().toString());
        long t0 = System.nanoTime();
        workers = DaftWorkers.onePerNode(2, 3);
        assertEquals(NODES, workers.size());
        List<ObjectRef<WorkerInfo>> infoRefs = workers.stream().map(w -> w.actor().task(DaftWorker::info).remote()).collect(Collectors.toList());
        List<WorkerInfo> infos = new ArrayList<>();
        for (ObjectRef<WorkerInfo> ref : infoRefs) {
            infos.add(ref.get(CALL_TIMEOUT_MS));
        }
        long t1 = System.nanoTime();
        Set<String> nodeIds = new HashSet<>();
        for (int i = 0; i < NODES; i++) {
            assertEquals(RayCluster.resourceName(i), infos.get(i).nodeResource());
            assertFalse(infos.get(i).restarted());
            nodeIds.add(infos.get(i).nodeId());
        }
        assertEquals(NODES, nodeIds.size(), "each actor on its own node: " + infos);

        for (DaftWorkers.Worker w : workers) {
            assertEquals(ROWS, (long) w.actor().task(DaftWorker::countParquetRows, parquet).remote().get(CALL_TIMEOUT_MS));
        }
        long t2 = System.nanoTime();
        int calls = 50;
        DaftWorkers.Worker first = workers.get(0);
        for (int i = 0; i < calls; i++) {
            first.actor().task(DaftWorker::info).remote().get(CALL_TIMEOUT_MS);
        }
        long t3 = System.nanoTime();
        System.out.printf("%d actors created and answering (cold JVMs) in %d ms; first Parquet count on each: %d ms; warm call %.2f ms%n",
                NODES, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1e6 / calls);
    }

    @Test
    @Order(2)
    void actorComesBackAfterItsJvmIsKilled() throws Exception {
        DaftWorkers.Worker victim = workers.get(1);
        WorkerInfo before = victim.actor().task(DaftWorker::info).remote().get(CALL_TIMEOUT_MS);
        ProcessHandle jvm = ProcessHandle.of(before.pid()).orElseThrow();
        assertTrue(ProcessGroups.commandLine(jvm.pid()).contains("java"), ProcessGroups.commandLine(jvm.pid()));
        long t0 = System.nanoTime();
        jvm.destroyForcibly();
        jvm.onExit().get();
        WorkerInfo after = victim.actor().task(DaftWorker::info).remote().get(CALL_TIMEOUT_MS);
        long t1 = System.nanoTime();
        assertTrue(after.restarted(), after.toString());
        assertNotEquals(before.pid(), after.pid());
        assertEquals(before.nodeId(), after.nodeId(), "restarted on its pinned node");
        assertEquals(ROWS, (long) victim.actor().task(DaftWorker::countParquetRows, parquet).remote().get(CALL_TIMEOUT_MS));
        System.out.printf("actor restarted and answered %d ms after its JVM was killed%n", (t1 - t0) / 1_000_000);
    }

    @Test
    @Order(3)
    void stopLeavesNothingOfTheCluster() {
        List<RayCluster.Node> nodes = cluster.nodes();
        for (RayCluster.Node n : nodes) {
            assertFalse(n.processes().isEmpty(), n + " has processes while running");
        }
        connection.close();
        connection = null;
        long t0 = System.nanoTime();
        cluster.stop();
        System.out.printf("cluster stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (RayCluster.Node n : nodes) {
            assertEquals(List.of(), ProcessGroups.members(n.processGroup()), n + " left processes");
        }
        assertFalse(Files.exists(cluster.baseDir()), cluster.baseDir() + " was not removed");
        assertFalse(cluster.status().gcsReachable());
        cluster = null;
    }
}
