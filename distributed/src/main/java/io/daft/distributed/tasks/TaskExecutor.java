package io.daft.distributed.tasks;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.distributed.shuffle.MapOutputDescriptor;
import io.daft.distributed.shuffle.ShuffleClient;
import io.daft.distributed.shuffle.ShuffleKey;
import io.daft.distributed.shuffle.ShuffleStore;
import io.daft.execution.Exchanges;
import io.daft.execution.MapOutput;
import io.daft.execution.PartitionPipeline;
import io.daft.execution.QueryContext;
import io.daft.execution.stages.Stage;
import io.daft.memory.MemoryReservation;
import io.daft.physical.Partitioning;
import io.daft.recordbatch.RecordBatch;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs stage tasks on a worker: the same {@link PartitionPipeline} as the native runner, with inputs fetched from
 * the nodes holding them ({@link RemoteStageInputs}) and outputs written to this worker's {@link ShuffleStore},
 * which serves them to the nodes that read them. Keeps per query what outlives a task (its memory pool and spill
 * folder, broadcast builds, inputs buffered between the steps of a RANGE exchange) until {@link #endQuery}.
 */
public final class TaskExecutor implements AutoCloseable {
    private final String nodeId;
    private final ShuffleStore store;
    private final ShuffleClient client;
    private final Map<String, WorkerQuery> queries = new HashMap<>();

    public TaskExecutor(String nodeId, ShuffleStore store, ShuffleClient client) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.store = requireNonNull(store, "store");
        this.client = requireNonNull(client, "client");
    }

    public String nodeId() {
        return nodeId;
    }

    /** Runs one task; its output stays on this worker until the query ends. */
    public TaskResult run(StageTask t) {
        long t0 = System.nanoTime();
        WorkerQuery q = query(t);
        Stage s = t.stage();
        PartitionPipeline pipeline = new PartitionPipeline(new RemoteStageInputs(t, q, client), q.context());
        ShuffleKey key = new ShuffleKey(t.queryId(), s.id(), t.task());
        Partitioning spec = outputPartitioning(s);
        try (MemoryReservation reservation = q.context().reserve(Exchanges.consumer(spec), true)) {
            switch (t.step()) {
                case RUN: {
                    if (Exchanges.needsCuts(spec)) {
                        throw new IllegalArgumentException(t + ": a " + spec.kind() + " exchange runs in BUFFER and SPLIT steps");
                    }
                    CloseableIterator<RecordBatch> rows = pipeline.open(s.fragment(), t.task());
                    return store(key, Exchanges.scatter(spec, s.fragment().schema(), t.task(), rows, reservation, q.context()), t0, q);
                }
                case BUFFER: {
                    Exchanges.Buffered kept = Exchanges.buffer(spec, s.fragment().schema(), pipeline.open(s.fragment(), t.task()),
                            reservation, q.context());
                    q.keep(key, kept);
                    return TaskResult.buffered(nodeId, kept.rowCount(), ExchangeCuts.sample(kept), System.nanoTime() - t0,
                            q.context().spill().bytesSpilled());
                }
                case SPLIT: {
                    try (Exchanges.Buffered kept = q.takeBuffered(key)
                            .orElseThrow(() -> new TaskInputLostException(t + ": its buffered input is no longer on " + nodeId));
                         Exchanges.Cuts cuts = ExchangeCuts.decode(spec, t.cuts().orElseThrow())) {
                        return store(key, Exchanges.split(spec, s.fragment().schema(), t.task(), kept, cuts, reservation, q.context()), t0, q);
                    }
                }
                default:
                    throw new IllegalArgumentException("unknown step " + t.step());
            }
        }
    }

    private TaskResult store(ShuffleKey key, MapOutput output, long t0, WorkerQuery q) {
        long rows = output.rowCount();
        MapOutputDescriptor d;
        try (output) {
            d = store.put(key, output);
        }
        return TaskResult.stored(nodeId, d, rows, System.nanoTime() - t0, q.context().spill().bytesSpilled());
    }

    /** An exchange's own partitioning; broadcast and result stages keep each task's rows whole, in one piece. */
    private static Partitioning outputPartitioning(Stage s) {
        return s.output().partitioning().orElseGet(() -> Partitioning.random(1));
    }

    private synchronized WorkerQuery query(StageTask t) {
        return queries.computeIfAbsent(t.queryId(), id -> new WorkerQuery(QueryContext.start(t.stage().config())));
    }

    /** Ends a query here: its broadcast builds, buffered inputs, spill folder and stored outputs go. */
    public void endQuery(String queryId) {
        WorkerQuery q;
        synchronized (this) {
            q = queries.remove(queryId);
        }
        try {
            if (q != null) {
                q.close();
            }
        } finally {
            store.removeQuery(queryId);
        }
    }

    @Override
    public void close() {
        for (String id : Map.copyOf(queries).keySet()) {
            endQuery(id);
        }
    }

    /** Thrown when a task needs state this worker no longer has (it restarted): the driver re-runs what made it. */
    public static final class TaskInputLostException extends DaftException {
        private static final long serialVersionUID = 1L;

        public TaskInputLostException(String message) {
            super(message);
        }
    }
}
