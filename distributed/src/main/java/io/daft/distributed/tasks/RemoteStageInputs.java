package io.daft.distributed.tasks;

import io.daft.core.CloseableIterator;
import io.daft.distributed.shuffle.MapOutputDescriptor;
import io.daft.distributed.shuffle.ShuffleClient;
import io.daft.execution.BatchIterators;
import io.daft.execution.Exchanges;
import io.daft.execution.HashJoins;
import io.daft.execution.StageInputs;
import io.daft.execution.stages.StageId;
import io.daft.execution.stages.StageRead;
import io.daft.micropartition.PartitionSetRef;
import io.daft.ops.join.JoinBuild;
import io.daft.physical.HashJoinPlan;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A task's inputs on a worker: partition r of a stage it reads streams piece r of every map task's stored output,
 * each fetched from the node holding it (locally when that is this node); a broadcast build reads every task's
 * output of the broadcast stage, once per worker and query.
 */
final class RemoteStageInputs implements StageInputs {
    private final StageTask task;
    private final WorkerQuery query;
    private final ShuffleClient client;

    RemoteStageInputs(StageTask task, WorkerQuery query, ShuffleClient client) {
        this.task = requireNonNull(task, "task");
        this.query = requireNonNull(query, "query");
        this.client = requireNonNull(client, "client");
    }

    @Override
    public CloseableIterator<RecordBatch> stageOutput(StageId stage, int partition) {
        return concat(outputsOf(stage), partition);
    }

    @Override
    public CloseableIterator<RecordBatch> inMemory(PartitionSetRef set, int partition) {
        List<MapOutputDescriptor> parts = task.partitionSets().get(set.id());
        if (parts == null || partition >= parts.size()) {
            throw new IllegalStateException(task + " was sent without partition " + partition + " of in-memory set " + set.id());
        }
        return client.fetch(parts.get(partition), 0);
    }

    @Override
    public JoinBuild broadcastBuild(HashJoinPlan join) {
        StageId stage = StageRead.broadcastStage(join);
        List<MapOutputDescriptor> outputs = outputsOf(stage);
        return query.build(stage, () -> HashJoins.broadcastBuild(join, p -> client.fetch(outputs.get(p), 0),
                Exchanges.Parallel.SEQUENTIAL, query.context()));
    }

    private List<MapOutputDescriptor> outputsOf(StageId stage) {
        List<MapOutputDescriptor> outputs = task.stageInputs().get(stage);
        if (outputs == null) {
            throw new IllegalStateException(task + " was sent without the outputs of " + stage);
        }
        return outputs;
    }

    private CloseableIterator<RecordBatch> concat(List<MapOutputDescriptor> outputs, int partition) {
        List<Supplier<CloseableIterator<RecordBatch>>> pieces = new ArrayList<>(outputs.size());
        for (MapOutputDescriptor d : outputs) {
            if (d.rows(partition) > 0) {
                pieces.add(() -> client.fetch(d, partition));
            }
        }
        return BatchIterators.concat(pieces);
    }
}
