package io.daft.calcite;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.mapping.Mappings;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the distinct rows of one side's columns over an inner join ({@code SELECT DISTINCT s.a, s.b FROM s JOIN t
 * ON ...}, an aggregate without calls whose keys all come from one side) into the distinct rows of that side's
 * semi join with the other: the same rows, without making every matching pair first. Calcite decorrelates an
 * EXISTS whose answer matters beyond a filter (under OR, in the select list) into exactly that shape, with the
 * outer query's distinct correlation values on one side: with a non-equality condition the pairs were hundreds of
 * millions on tables of 60k rows, where the semi join stops at each row's first match. Runs after decorrelation.
 */
final class DistinctJoinToSemiJoin extends RelHomogeneousShuttle {
    private DistinctJoinToSemiJoin() {
    }

    /** The rewrite as a program step, to run after {@code Programs.decorrelate()}. */
    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new DistinctJoinToSemiJoin());
    }

    @Override
    public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited instanceof LogicalAggregate agg ? rewrite(agg) : visited;
    }

    private static RelNode rewrite(LogicalAggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE || !agg.getAggCallList().isEmpty() || agg.getGroupSet().isEmpty()) {
            return agg;
        }
        // the join's fields the keys read, through a project of plain field references
        List<Integer> keys = new ArrayList<>(agg.getGroupSet().asList());
        RelNode input = agg.getInput();
        if (input instanceof LogicalProject project) {
            for (int i = 0; i < keys.size(); i++) {
                if (!(project.getProjects().get(keys.get(i)) instanceof RexInputRef ref)) {
                    return agg;
                }
                keys.set(i, ref.getIndex());
            }
            input = project.getInput();
        }
        if (!(input instanceof LogicalJoin join) || join.getJoinType() != JoinRelType.INNER || !join.getSystemFieldList().isEmpty()) {
            return agg;
        }
        int nLeft = join.getLeft().getRowType().getFieldCount();
        int nRight = join.getRight().getRowType().getFieldCount();
        boolean left = keys.stream().allMatch(k -> k < nLeft);
        boolean right = keys.stream().allMatch(k -> k >= nLeft);
        if (!left && !right) {
            return agg;
        }
        RelNode kept = left ? join.getLeft() : join.getRight();
        RelNode other = left ? join.getRight() : join.getLeft();
        RexNode condition = join.getCondition();
        if (right) {
            // the kept side's fields first
            List<Integer> moved = new ArrayList<>();
            for (int i = 0; i < nLeft + nRight; i++) {
                moved.add(i < nLeft ? i + nRight : i - nLeft);
            }
            condition = condition.accept(new RexPermuteInputsShuttle(
                    Mappings.bijection(moved), kept, other));
        }
        int offset = left ? 0 : nLeft;
        RelBuilder b = RelFactories.LOGICAL_BUILDER.create(agg.getCluster(), null);
        b.push(kept).push(other).join(JoinRelType.SEMI, condition);
        List<RexNode> fields = new ArrayList<>();
        for (int k : keys) {
            fields.add(b.field(k - offset));
        }
        b.project(fields, agg.getRowType().getFieldNames(), true);
        b.aggregate(b.groupKey(b.fields()));
        return b.convert(agg.getRowType(), false).build();
    }
}
