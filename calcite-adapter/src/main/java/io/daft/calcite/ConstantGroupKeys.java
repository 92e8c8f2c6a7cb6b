package io.daft.calcite;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes the constant group keys out of an aggregate over a correlated input, before Calcite's decorrelator does it
 * wrongly. The decorrelator drops constant group keys and re-adds them above the aggregate: when every key is
 * constant ({@code SELECT DISTINCT 1 FROM t WHERE ...}) that leaves an aggregate of no keys, which has one row even
 * on an empty input, so such a query answered one row where it must answer none; when constant keys come after a
 * key that is not constant it re-adds them at positions past the end of the row (an index error). Here an aggregate
 * whose keys are all constants becomes an aggregate without keys that also counts its rows, kept only when it
 * counted some; one with some constant keys groups by the others only (a constant splits no group). Either way the
 * constants are projected above. This runs just before decorrelation, on every aggregate of a plan with a
 * correlation: the decorrelator rewrites those that read no correlation variable too (an uncorrelated
 * {@code 2 IN (SELECT x ...)} next to a correlated sub-query lost its filter). One that reads a variable from
 * outside gets the variable's columns as keys from the decorrelator: with constant keys only it keeps one of them,
 * which the decorrelator puts back right.
 */
final class ConstantGroupKeys extends RelHomogeneousShuttle {
    private static final String ROWS = "$rows";

    private ConstantGroupKeys() {
    }

    /** The rewrite as a program step, to run before {@code Programs.decorrelate()}. */
    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> hasCorrelate(rel) ? rel.accept(new ConstantGroupKeys()) : rel;
    }

    @Override
    public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited instanceof LogicalAggregate agg && constantKeys(agg) > 0 ? rewrite(agg) : visited;
    }

    /** How many keys are constant as the decorrelator sees them: literals of the project under the aggregate. */
    private static long constantKeys(Aggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE || !(agg.getInput() instanceof Project project)) {
            return 0;
        }
        return agg.getGroupSet().asList().stream().filter(k -> project.getProjects().get(k) instanceof RexLiteral).count();
    }

    /**
     * Whether {@code rel} reads a correlation variable set outside it: the decorrelator then adds the variable's
     * columns to the aggregate's keys, so it keeps a key and the constants are put back right.
     */
    private static boolean correlated(RelNode rel) {
        Set<CorrelationId> free = new HashSet<>(RelOptUtil.getVariablesUsed(rel));
        free.removeAll(RelOptUtil.getVariablesSet(rel));
        return !free.isEmpty();
    }

    private static boolean hasCorrelate(RelNode rel) {
        return rel instanceof Correlate || rel.getInputs().stream().anyMatch(ConstantGroupKeys::hasCorrelate);
    }

    private static RelNode rewrite(LogicalAggregate agg) {
        Project input = (Project) agg.getInput();
        List<Integer> kept = agg.getGroupSet().asList().stream()
                .filter(k -> !(input.getProjects().get(k) instanceof RexLiteral)).toList();
        if (kept.isEmpty() && correlated(agg)) {
            // the decorrelator keys it by the variable's columns and puts one constant back right
            kept = List.of(agg.getGroupSet().nth(0));
            if (agg.getGroupCount() == 1) {
                return agg;
            }
        }
        int keys = agg.getGroupCount();
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall c : agg.getAggCallList()) {
            calls.add(c.adaptTo(input, c.getArgList(), c.filterArg, keys, kept.size()));
        }
        RelBuilder b = RelFactories.LOGICAL_BUILDER.create(agg.getCluster(), null);
        b.push(input);
        List<RelBuilder.AggCall> all = new ArrayList<>();
        for (AggregateCall c : calls) {
            all.add(b.aggregateCall(c));
        }
        if (kept.isEmpty()) {
            all.add(b.count(false, ROWS));
            b.aggregate(b.groupKey(), all);
            b.filter(b.call(SqlStdOperatorTable.GREATER_THAN, b.field(ROWS), b.literal(0)));
        } else {
            b.aggregate(b.groupKey(ImmutableBitSet.of(kept)), all);
        }
        List<RexNode> projects = new ArrayList<>();
        for (int k : agg.getGroupSet().asList()) {
            int at = kept.indexOf(k);
            projects.add(at >= 0 ? b.field(at) : input.getProjects().get(k));
        }
        for (int i = 0; i < calls.size(); i++) {
            projects.add(b.field(kept.size() + i));
        }
        b.project(projects, agg.getRowType().getFieldNames(), true);
        return b.convert(agg.getRowType(), false).build();
    }
}
