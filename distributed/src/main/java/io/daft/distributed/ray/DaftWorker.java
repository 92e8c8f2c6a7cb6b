package io.daft.distributed.ray;

import io.daft.Daft;
import io.ray.api.Ray;

import static java.util.Objects.requireNonNull;

/**
 * The long-lived worker actor, one per Ray node (as Daft's {@code RaySwordfishActor}): a warm JVM that runs our
 * native executor. For now it proves the path: it reports where it runs and runs a trivial piece of the engine.
 * Ray creates it in a worker JVM whose classpath is the driver's code search path.
 */
public final class DaftWorker {
    private final String nodeResource;

    /** Ray calls this in the worker JVM ({@code Ray.actor(DaftWorker::new, resource)}). */
    public DaftWorker(String nodeResource) {
        this.nodeResource = requireNonNull(nodeResource, "nodeResource");
        // the worker's queries run here, whatever DAFT_RUNNER the node's environment carries
        Daft.setRunnerNative(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Where this actor runs: Ray node id, process, and whether Ray restarted it. */
    public WorkerInfo info() {
        var context = Ray.getRuntimeContext();
        return new WorkerInfo(context.getCurrentNodeId().toString(), nodeResource, ProcessHandle.current().pid(),
                context.wasCurrentActorRestarted());
    }

    /** Rows of the Parquet files at {@code path} (a path this node sees), counted by our engine in this JVM. */
    public long countParquetRows(String path) {
        return Daft.readParquet(path).count();
    }
}
