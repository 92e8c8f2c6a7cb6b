package io.daft.execution;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.dsl.Expr;
import io.daft.execution.stages.StageRead;
import io.daft.micropartition.PartitionSetRef;
import io.daft.ops.agg.SpillingAggregation;
import io.daft.dsl.eval.ExprEvaluator;
import io.daft.physical.AggregatePlan;
import io.daft.physical.ConcatPlan;
import io.daft.physical.ExplodePlan;
import io.daft.physical.FilterPlan;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.InMemoryScan;
import io.daft.physical.LimitPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.physical.ProjectPlan;
import io.daft.physical.ScanPlan;
import io.daft.physical.SinkPlan;
import io.daft.physical.SortPlan;
import io.daft.physical.WindowPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.scan.ScanTaskReader;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Runs the part of a physical plan that lies within one partition: a pull-based pipeline of batch operators
 * from the sources (scan tasks, in-memory partition sets, other stages' outputs) up to the requested node. The same
 * code runs on every runner; only the {@link StageInputs} differ.
 */
public final class PartitionPipeline {
    private final StageInputs inputs;
    private final QueryContext query;
    private final ExecutionConfig config;

    public PartitionPipeline(StageInputs inputs, QueryContext query) {
        this.inputs = requireNonNull(inputs, "inputs");
        this.query = requireNonNull(query, "query");
        this.config = query.config();
    }

    /** The batches partition {@code partition} of {@code node} produces; the caller closes the iterator. */
    public CloseableIterator<RecordBatch> open(PhysicalPlan node, int partition) {
        return query.stats().track(node, () -> openNode(node, partition));
    }

    private CloseableIterator<RecordBatch> openNode(PhysicalPlan node, int partition) {
        if (node instanceof ScanPlan) {
            ScanPlan s = (ScanPlan) node;
            CloseableIterator<RecordBatch> batches = s.tasks().isEmpty()
                    ? BatchIterators.empty() : new ScanTaskReader(s.tasks().get(partition), config.defaultMorselSize());
            for (PhysicalPlan op : s.fused()) {
                batches = batchOperator(op, batches);
            }
            return batches;
        }
        if (node instanceof InMemoryScan) {
            PartitionSetRef set = ((InMemoryScan) node).partitionSet();
            return set.numPartitions() == 0 ? BatchIterators.empty()
                    : BatchIterators.cancellable(inputs.inMemory(set, partition), node.describe());
        }
        if (node instanceof StageRead) {
            return BatchIterators.cancellable(inputs.stageOutput(((StageRead) node).stage(), partition), node.describe());
        }
        if (node instanceof ProjectPlan || node instanceof FilterPlan || node instanceof ExplodePlan) {
            return batchOperator(node, open(node.child(), partition));
        }
        if (node instanceof LimitPlan) {
            LimitPlan l = (LimitPlan) node;
            return BatchIterators.limit(open(node.child(), partition), l.limit(), l.offset());
        }
        if (node instanceof AggregatePlan) {
            return aggregate((AggregatePlan) node, partition);
        }
        if (node instanceof SortPlan) {
            return SortOperators.sort((SortPlan) node, open(node.child(), partition), query);
        }
        if (node instanceof HashJoinPlan) {
            return join((HashJoinPlan) node, partition);
        }
        if (node instanceof WindowPlan) {
            return SortOperators.window((WindowPlan) node, () -> open(node.child(), partition), query);
        }
        if (node instanceof ConcatPlan) {
            int p = partition;
            for (PhysicalPlan c : node.children()) {
                if (p < c.numPartitions()) {
                    return open(c, p);
                }
                p -= c.numPartitions();
            }
            throw new IndexOutOfBoundsException("partition " + partition + " of " + node.describe());
        }
        if (node instanceof SinkPlan) {
            SinkPlan s = (SinkPlan) node;
            return BatchIterators.blocking(open(s.child(), partition),
                    in -> List.of(PartitionWriters.write(s, partition, s.child().schema(), in)));
        }
        throw new DaftException("cannot execute " + node.describe());
    }

    /** A per-batch operator (projection, filter or explode) over {@code input}. */
    private static CloseableIterator<RecordBatch> batchOperator(PhysicalPlan op, CloseableIterator<RecordBatch> input) {
        if (op instanceof ExplodePlan) {
            ExplodePlan e = (ExplodePlan) op;
            int column = e.child().schema().requireIndex(e.column());
            Schema out = e.schema();
            return BatchIterators.map(input, b -> io.daft.ops.Explode.explode(b, column, e.outer(), e.ordinality().isPresent(), out));
        }
        if (op instanceof ProjectPlan) {
            List<Expr> exprs = ((ProjectPlan) op).projection();
            return BatchIterators.map(input, b -> ExprEvaluator.project(exprs, b));
        }
        Expr predicate = ((FilterPlan) op).predicate();
        return BatchIterators.map(input, b -> ExprEvaluator.filter(predicate, b));
    }

    private CloseableIterator<RecordBatch> aggregate(AggregatePlan a, int partition) {
        return SpillingAggregation.open(open(a.child(), partition), a.child().schema(), a.groupIndices(), a.specs(), a.mode(),
                a.schema(), () -> query.reserve(a, "HashAggregate", true), query.spill(a));
    }

    private CloseableIterator<RecordBatch> join(HashJoinPlan j, int partition) {
        if (j.strategy().broadcast()) {
            return HashJoins.broadcastProbe(inputs.broadcastBuild(j), open(HashJoins.probeSide(j), partition));
        }
        return HashJoins.partitioned(j, open(HashJoins.buildSide(j), partition),
                () -> open(HashJoins.probeSide(j), partition), query);
    }

}
