package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.execution.stages.StageId;
import io.daft.micropartition.PartitionSetRef;
import io.daft.ops.join.JoinBuild;
import io.daft.physical.HashJoinPlan;
import io.daft.recordbatch.RecordBatch;

/**
 * What a stage fragment reads besides files: other stages' outputs (by stage id and partition), in-memory partition
 * sets (by reference) and the builds of broadcast joins (hash tables, or hash buckets on disk when too large). Each runner provides them its own way (in memory and
 * local spill files, or shipped between the nodes of a cluster).
 */
public interface StageInputs {
    /** Partition {@code partition} of stage {@code stage}'s output (an exchange's reduce side); the caller closes it. */
    CloseableIterator<RecordBatch> stageOutput(StageId stage, int partition);

    /** Partition {@code partition} of an in-memory partition set; the caller closes the iterator. */
    CloseableIterator<RecordBatch> inMemory(PartitionSetRef set, int partition);

    /**
     * The build of the join's broadcast side from all its partitions (shared, read-only; in memory or spilled);
     * that side is a {@link io.daft.execution.stages.StageRead} of the stage that produced it.
     */
    JoinBuild broadcastBuild(HashJoinPlan join);
}
