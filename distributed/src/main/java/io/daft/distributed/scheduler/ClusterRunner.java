package io.daft.distributed.scheduler;

import io.daft.config.DaftContext;
import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.execution.BatchIterators;
import io.daft.execution.stages.StagePlan;
import io.daft.execution.stages.StagePlanner;
import io.daft.micropartition.MicroPartition;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import io.daft.runners.Runner;

import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * A runner over a cluster of {@link Workers}: the same stage plan as the native runner ({@link StagePlanner}), its
 * stages run as tasks on the workers by {@link ClusterStages}, the result streamed back in partition order.
 */
public final class ClusterRunner implements Runner {
    private final String name;
    private final Workers workers;
    private final int maxAttempts;

    /** @param maxAttempts how often a task may run when the cluster loses it (a node dies) before the query fails */
    public ClusterRunner(String name, Workers workers, int maxAttempts) {
        this.name = requireNonNull(name, "name");
        this.workers = requireNonNull(workers, "workers");
        this.maxAttempts = maxAttempts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CloseableIterator<RecordBatch> stream(PhysicalPlan plan) {
        ClusterStages stages = start(plan);
        try {
            stages.runUpstream();
            CloseableIterator<RecordBatch> result = stages.streamResult();
            return new BufferedBatchIterator() {
                @Override
                protected RecordBatch computeNext() {
                    return result.hasNext() ? result.next() : null;
                }

                @Override
                protected void closeSources() {
                    try {
                        result.close();
                    } finally {
                        stages.close();
                    }
                }
            };
        } catch (RuntimeException e) {
            stages.close();
            throw e;
        }
    }

    @Override
    public List<MicroPartition> collect(PhysicalPlan plan) {
        try (ClusterStages stages = start(plan)) {
            stages.runUpstream();
            return stages.collectResult();
        }
    }

    private ClusterStages start(PhysicalPlan plan) {
        ExecutionConfig config = DaftContext.executionConfig();
        StagePlan stages = StagePlanner.plan(plan, config);
        return new ClusterStages(stages, workers, "q-" + UUID.randomUUID(), maxAttempts);
    }

    @Override
    public void close() {
        workers.close();
    }
}
