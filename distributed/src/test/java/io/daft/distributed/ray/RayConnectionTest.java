package io.daft.distributed.ray;

import io.daft.core.DaftException;
import io.daft.distributed.ray.cli.RayCommand;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Driver connection errors, the local cluster started when there is no address, and {@code bin/daft ray start|status|stop}. */
class RayConnectionTest {
    @TempDir
    Path tmp;

    @Test
    void rayClientAddressIsRejectedBeforeRayInit() {
        DaftException e = assertThrows(DaftException.class, () -> RayConnection.connect(Optional.of("ray://127.0.0.1:10001")));
        assertTrue(e.getMessage().contains("GCS address host:port"), e.getMessage());
        assertTrue(e.getMessage().contains("ray://127.0.0.1:10001"), e.getMessage());
        assertFalse(Ray.isInitialized());
    }

    @Test
    void malformedAndUnreachableAddressesAreNamed() {
        DaftException bad = assertThrows(DaftException.class, () -> RayConnection.connect(Optional.of("http://x:1")));
        assertTrue(bad.getMessage().contains("not a Ray GCS address: 'http://x:1'"), bad.getMessage());
        DaftException down = assertThrows(DaftException.class, () -> RayConnection.connect(Optional.of("127.0.0.1:1")));
        assertTrue(down.getMessage().contains("no Ray cluster answers at 127.0.0.1:1"), down.getMessage());
    }

    @Test
    void missingRaySaysWhereItLookedAndHowToInstall() {
        String old = System.getProperty(RayRuntime.HOME_PROPERTY);
        System.setProperty(RayRuntime.HOME_PROPERTY, tmp.toString());
        try {
            DaftException e = assertThrows(DaftException.class, RayRuntime::locate);
            assertTrue(e.getMessage().contains("no ray/jars/ray_dist.jar and ray executable under " + tmp), e.getMessage());
            assertTrue(e.getMessage().contains("pip install --index-url file:///opt/pypi/simple ray==2.58.0"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(RayRuntime.HOME_PROPERTY);
            } else {
                System.setProperty(RayRuntime.HOME_PROPERTY, old);
            }
        }
    }

    @Test
    void withoutAddressALocalClusterServesTheProcessAndStopsWithIt() throws Exception {
        assertTrue(System.getenv(RayConnection.ADDRESS_ENV) == null, "this test needs RAY_ADDRESS unset");
        RayCluster local;
        try (RayConnection connection = RayConnection.connect(Optional.empty(), RayConnection.Options.defaults().withLocalCpus(1))) {
            local = connection.localCluster().orElseThrow();
            assertEquals(local.address(), connection.address());
            ActorHandle<DaftWorker> actor = Ray.actor(DaftWorker::new, RayCluster.resourceName(0)).remote();
            WorkerInfo info = actor.task(DaftWorker::info).remote().get(60_000);
            assertEquals(RayCluster.resourceName(0), info.nodeResource());
            assertThrows(DaftException.class, () -> RayConnection.connect(Optional.of(local.address())), "one connection per process");
        }
        assertFalse(Ray.isInitialized());
        for (RayCluster.Node n : local.nodes()) {
            assertEquals(List.of(), ProcessGroups.members(n.processGroup()), n + " left processes");
        }
        assertFalse(Files.exists(local.baseDir()));
    }

    @Test
    void commandLineStartsReportsAndStopsExactlyItsCluster() throws Exception {
        Path state = tmp.resolve("state/cluster.properties");
        RayCommand.main(new String[] {"start", "--nodes", "2", "--num-cpus", "1", "--object-store-mb", "100", "--state", state.toString()});
        RayCluster cluster = RayCluster.attach(state).orElseThrow();
        try {
            assertEquals(2, cluster.nodes().size());
            assertTrue(cluster.status().running(), cluster.status().toString());
            RayCommand.main(new String[] {"status", "--state", state.toString()});
            DaftException twice = assertThrows(DaftException.class, () -> RayCommand.main(new String[] {"start", "--state", state.toString()}));
            assertTrue(twice.getMessage().contains("still running at " + cluster.address()), twice.getMessage());
        } finally {
            RayCommand.main(new String[] {"stop", "--state", state.toString()});
        }
        assertFalse(Files.exists(state));
        for (RayCluster.Node n : cluster.nodes()) {
            assertEquals(List.of(), ProcessGroups.members(n.processGroup()), n + " left processes");
        }
        assertFalse(Files.exists(cluster.baseDir()));
        DaftException none = assertThrows(DaftException.class, () -> RayCommand.main(new String[] {"status", "--state", state.toString()}));
        assertTrue(none.getMessage().contains("no Ray cluster was started here"), none.getMessage());
    }
}
