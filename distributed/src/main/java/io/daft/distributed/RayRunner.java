package io.daft.distributed;

import io.daft.distributed.ray.RayConnection;
import io.daft.distributed.ray.RayWorkers;
import io.daft.distributed.scheduler.ClusterRunner;
import io.daft.runners.Runner;

import java.util.Optional;

/**
 * The Ray runner: the native runner's stage plans, run as tasks on one worker actor per node of a Ray cluster
 * ({@link RayWorkers}, {@link io.daft.distributed.scheduler.ClusterStages}). {@code Daft.setRunnerRay(address)}
 * reaches it through {@link #connect}.
 */
public final class RayRunner {
    /** How often a task may run when the cluster loses it (a worker or node dies) before the query fails. */
    public static final int MAX_TASK_ATTEMPTS = 4;

    private RayRunner() {
    }

    /**
     * Connects to the cluster at {@code address} (its GCS {@code host:port}); empty or null: {@code RAY_ADDRESS}, else a
     * local single-node cluster for this process, stopped at exit.
     */
    public static Runner connect(String address) {
        RayConnection connection = RayConnection.connect(Optional.ofNullable(address).filter(a -> !a.isBlank()));
        RayWorkers workers;
        try {
            workers = new RayWorkers(connection);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return new ClusterRunner("ray", workers, MAX_TASK_ATTEMPTS);
    }
}
