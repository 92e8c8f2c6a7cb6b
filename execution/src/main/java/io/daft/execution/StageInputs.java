package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.ops.join.JoinBuild;
import io.daft.physical.Exchange;
import io.daft.physical.HashJoinPlan;
import io.daft.recordbatch.RecordBatch;

/**
 * What a partition pipeline reads across stage boundaries: the output partitions of exchanges and the builds
 * of broadcast joins. Each runner provides them its own way (in memory, or from a cluster's object store).
 */
public interface StageInputs {
    /** Partition {@code partition} of the exchange's output; the caller closes the iterator. */
    CloseableIterator<RecordBatch> exchanged(Exchange exchange, int partition);

    /** The build of the join's broadcast side from all its partitions (shared, read-only; in memory or spilled). */
    JoinBuild broadcastBuild(HashJoinPlan join);
}
