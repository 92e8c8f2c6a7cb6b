package io.daft.runners;

import io.daft.core.CloseableIterator;
import io.daft.micropartition.MicroPartition;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;

import java.util.List;

/** Executes physical plans. Both runners run the same plan nodes and give the same results. */
public interface Runner extends AutoCloseable {
    String name();

    /** Streams the plan's result, partition 0 first, in order; closing early stops the work. */
    CloseableIterator<RecordBatch> stream(PhysicalPlan plan);

    /** Runs the plan and keeps its output partitions. */
    List<MicroPartition> collect(PhysicalPlan plan);

    @Override
    void close();
}
