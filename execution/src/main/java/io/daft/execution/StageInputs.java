package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.ops.join.JoinHashTable;
import io.daft.physical.Exchange;
import io.daft.physical.HashJoinPlan;
import io.daft.recordbatch.RecordBatch;

/**
 * What a partition pipeline reads across stage boundaries: the output partitions of exchanges and the hash
 * tables of broadcast joins. Each runner provides them its own way (in memory, or from a cluster's object store).
 */
public interface StageInputs {
    /** Partition {@code partition} of the exchange's output; the caller closes the iterator. */
    CloseableIterator<RecordBatch> exchanged(Exchange exchange, int partition);

    /** The hash table built from every partition of the join's broadcast side (shared, read-only). */
    JoinHashTable broadcastTable(HashJoinPlan join);
}
