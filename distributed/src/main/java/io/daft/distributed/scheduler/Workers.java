package io.daft.distributed.scheduler;

import io.daft.distributed.shuffle.ShuffleClient;
import io.daft.distributed.shuffle.ShuffleStore;
import io.daft.distributed.tasks.StageTask;
import io.daft.distributed.tasks.TaskResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The workers a cluster runner schedules stage tasks on (one per node, long-lived), and the driver's own end of the
 * shuffle data plane. Ray actors in production; the scheduler does not know how tasks travel.
 */
public interface Workers extends AutoCloseable {
    /** The workers that can take tasks now. */
    List<Worker> live();

    /** Sends a task to a worker; the future fails when the task does, or when the worker is lost. */
    CompletableFuture<TaskResult> submit(Worker worker, StageTask task);

    /**
     * Whether a task failed because of the cluster (its worker or node was lost, a call could not reach it), not
     * because of the task itself: such tasks are run again.
     */
    boolean isClusterFailure(Throwable failure);

    /** Tells every worker the query is over: its state and stored outputs go. Best effort; never throws. */
    void endQuery(String queryId);

    /** The driver's store, serving in-memory partition sets to the workers. */
    ShuffleStore driverStore();

    /** The driver's client, fetching the result stage's outputs. */
    ShuffleClient driverClient();

    @Override
    void close();

    /** A worker: its stable id (the Ray node id) and how many tasks it runs at once. */
    record Worker(String nodeId, int slots) {
        public Worker {
            java.util.Objects.requireNonNull(nodeId, "nodeId");
            if (slots < 1) {
                throw new IllegalArgumentException("a worker needs at least one slot: " + slots);
            }
        }
    }
}
