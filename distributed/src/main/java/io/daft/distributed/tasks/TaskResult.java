package io.daft.distributed.tasks;

import io.daft.distributed.shuffle.MapOutputDescriptor;

import java.io.Serializable;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a worker reports for a finished task: where its stored output lives (RUN and SPLIT), or its row count and
 * key sample (BUFFER, for the driver's cuts); and the node it ran on, for EXPLAIN ANALYZE and lineage.
 */
public final class TaskResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final MapOutputDescriptor output;   // RUN, SPLIT
    private final long rowCount;
    private final byte[] sample;                // BUFFER of a RANGE exchange
    private final long nanos;
    private final long querySpilledOnNode;

    private TaskResult(String nodeId, MapOutputDescriptor output, long rowCount, byte[] sample, long nanos, long querySpilledOnNode) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.output = output;
        this.rowCount = rowCount;
        this.sample = sample;
        this.nanos = nanos;
        this.querySpilledOnNode = querySpilledOnNode;
    }

    public static TaskResult stored(String nodeId, MapOutputDescriptor output, long rowCount, long nanos, long querySpilledOnNode) {
        return new TaskResult(nodeId, requireNonNull(output, "output"), rowCount, null, nanos, querySpilledOnNode);
    }

    public static TaskResult buffered(String nodeId, long rowCount, Optional<byte[]> sample, long nanos, long querySpilledOnNode) {
        return new TaskResult(nodeId, null, rowCount, sample.orElse(null), nanos, querySpilledOnNode);
    }

    /** In-memory bytes the query has spilled on this task's node so far, all its tasks there together. */
    public long querySpilledOnNode() {
        return querySpilledOnNode;
    }

    public String nodeId() {
        return nodeId;
    }

    public Optional<MapOutputDescriptor> output() {
        return Optional.ofNullable(output);
    }

    public long rowCount() {
        return rowCount;
    }

    /** The key sample of a buffered RANGE exchange input, encoded by {@link ExchangeCuts}. */
    public Optional<byte[]> sample() {
        return Optional.ofNullable(sample);
    }

    public long nanos() {
        return nanos;
    }

    @Override
    public String toString() {
        return "TaskResult[" + nodeId + ", " + rowCount + " rows" + (output != null ? ", " + output : "") + "]";
    }
}
