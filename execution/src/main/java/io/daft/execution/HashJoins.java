package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.ops.join.BuildCollector;
import io.daft.ops.join.JoinBuild;
import io.daft.ops.join.JoinSpec;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BitVector;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs {@link HashJoinPlan}s within the query's memory limit: the build side is collected under a spillable
 * reservation and, when it does not fit, the join becomes a grace hash join over hash buckets on disk
 * ({@link JoinBuild}). Partitioned joins build per partition; a broadcast side is built once, before its probes
 * run, and shared by all of them, in memory or spilled.
 */
public final class HashJoins {
    private HashJoins() {
    }

    /** Whether {@code j} builds from its left side. */
    static boolean buildsLeft(HashJoinPlan j) {
        return j.strategy() == HashJoinPlan.Strategy.BROADCAST_LEFT || j.strategy() == HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT;
    }

    /** The side {@code j} builds its hash table from. */
    static PhysicalPlan buildSide(HashJoinPlan j) {
        return buildsLeft(j) ? j.left() : j.right();
    }

    static PhysicalPlan probeSide(HashJoinPlan j) {
        return buildsLeft(j) ? j.right() : j.left();
    }

    /** What the build and probe of {@code j} need. */
    static JoinSpec spec(HashJoinPlan j) {
        boolean left = buildsLeft(j);
        PhysicalPlan build = buildSide(j);
        PhysicalPlan probe = probeSide(j);
        Optional<Function<RecordBatch, BitVector>> residual = j.residual().map(r -> b -> (BitVector) r.eval(b));
        return new JoinSpec(j.describe(), j.joinType(), left, build.schema(),
                build.schema().indicesOf(left ? j.leftKeys() : j.rightKeys()), probe.schema(),
                probe.schema().indicesOf(left ? j.rightKeys() : j.leftKeys()), residual);
    }

    /**
     * Joins one partition of a partitioned join: collects {@code build} (spilling to hash buckets when it does not
     * fit), then opens the probe side and streams it through.
     */
    static CloseableIterator<RecordBatch> partitioned(HashJoinPlan j, CloseableIterator<RecordBatch> build,
                                                      Supplier<CloseableIterator<RecordBatch>> probe, QueryContext query) {
        JoinBuild table = JoinBuild.collect(spec(j), build, query.memory(j), query.spill(j));
        CloseableIterator<RecordBatch> probeInput;
        try {
            probeInput = probe.get();
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        return table.join(probeInput, true);
    }

    /** Joins one partition of the probe side of a broadcast join with the shared build. */
    static CloseableIterator<RecordBatch> broadcastProbe(JoinBuild build, CloseableIterator<RecordBatch> probe) {
        return build.join(probe, false);
    }

    /**
     * Builds the broadcast side of {@code j} from all its partitions ({@code partition(p)} opens partition p; they
     * run in parallel), in memory when it fits under the query's memory limit, else as hash buckets on disk that
     * each probe partition joins bucket by bucket. The caller closes the result once every probe is done.
     */
    public static JoinBuild broadcastBuild(HashJoinPlan j, IntFunction<CloseableIterator<RecordBatch>> partition,
                                           Exchanges.Parallel parallel, QueryContext query) {
        int n = buildSide(j).numPartitions();
        BuildCollector collector = new BuildCollector(spec(j), n, query.memory(j), query.spill(j));
        try {
            parallel.run(n, p -> {
                try (CloseableIterator<RecordBatch> in = partition.apply(p)) {
                    while (in.hasNext()) {
                        collector.add(p, in.next());
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            collector.discard();
            throw e;
        }
        return collector.finish();
    }
}
