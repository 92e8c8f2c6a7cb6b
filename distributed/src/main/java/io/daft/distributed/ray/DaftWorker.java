package io.daft.distributed.ray;

import io.daft.Daft;
import io.daft.config.ExecutionConfig;
import io.daft.distributed.shuffle.ShuffleClient;
import io.daft.distributed.shuffle.ShuffleServer;
import io.daft.distributed.shuffle.ShuffleStore;
import io.daft.distributed.tasks.StageTask;
import io.daft.distributed.tasks.TaskCodec;
import io.daft.distributed.tasks.TaskExecutor;
import io.ray.api.Ray;
import io.ray.api.runtimecontext.NodeInfo;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The long-lived worker actor, one per Ray node (as Daft's {@code RaySwordfishActor}): a warm JVM that runs stage
 * tasks with our native executor ({@link TaskExecutor}) and serves the outputs it stores to the other nodes over its
 * shuffle server, bound to the address Ray knows the node by. Ray creates it in a worker JVM whose classpath is the
 * driver's code search path; tasks and results travel as Java-serialized bytes ({@link TaskCodec}).
 */
public final class DaftWorker {
    private final String nodeResource;
    private final String nodeId;
    private final ShuffleStore store;
    private final ShuffleServer server;
    private final ShuffleClient client;
    private final TaskExecutor executor;

    /** Ray calls this in the worker JVM ({@code Ray.actor(DaftWorker::new, resource)}). */
    public DaftWorker(String nodeResource) {
        this.nodeResource = requireNonNull(nodeResource, "nodeResource");
        // the worker's own queries (none but tests) run here, whatever DAFT_RUNNER the node's environment carries
        Daft.setRunnerNative(Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.nodeId = Ray.getRuntimeContext().getCurrentNodeId().toString();
        this.store = ShuffleStore.inTempDirectory(ExecutionConfig.defaults().tempDirectory());
        this.server = ShuffleServer.start(store, nodeAddress(nodeId), 0);
        this.client = new ShuffleClient(Optional.of(store));
        this.executor = new TaskExecutor(nodeId, store, client);
    }

    private static String nodeAddress(String nodeId) {
        for (NodeInfo n : Ray.getRuntimeContext().getAllNodeInfo()) {
            if (n.nodeId.toString().equals(nodeId)) {
                return n.nodeAddress;
            }
        }
        return "127.0.0.1";
    }

    /** Where this actor runs: Ray node id, process, and whether Ray restarted it. */
    public WorkerInfo info() {
        return new WorkerInfo(nodeId, nodeResource, ProcessHandle.current().pid(), Ray.getRuntimeContext().wasCurrentActorRestarted());
    }

    /**
     * Runs one stage task ({@link TaskCodec}-encoded); returns its encoded {@link io.daft.distributed.tasks.TaskResult},
     * or the encoded exception it failed with: Ray hands the driver a task's exception as text only, and the driver
     * needs its type (a lost input is re-made, a user error is not).
     */
    public byte[] run(byte[] task) {
        try {
            return TaskCodec.encode(executor.run((StageTask) TaskCodec.decode(task)));
        } catch (RuntimeException | OutOfMemoryError e) {
            return TaskCodec.encodeFailure(e);
        }
    }

    /** Ends a query on this node: its state and stored outputs go. */
    public boolean endQuery(String queryId) {
        executor.endQuery(queryId);
        return true;
    }

    /** The address of this node's shuffle server. */
    public String shuffleEndpoint() {
        return server.endpoint().toString();
    }

    /** Rows of the Parquet files at {@code path} (a path this node sees), counted by our engine in this JVM. */
    public long countParquetRows(String path) {
        return Daft.readParquet(path).count();
    }
}
