package io.daft.calcite;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces {@code GROUPING(...)}, {@code GROUPING_ID(...)} and {@code GROUP_ID()} of an aggregate with one grouping
 * set by the constant 0 they always are there, computed above the aggregate. Besides saving work this keeps them
 * right under rules that drop group keys: Calcite's {@code AggregateProjectPullUpConstantsRule} removes a key the
 * filter fixes to one value ({@code WHERE qty = 7 GROUP BY qty, region}) but leaves {@code GROUPING(qty)} pointing
 * at a column that is no longer a key, which then reads as "not grouped" (1).
 */
final class SimpleGroupingToZero extends RelHomogeneousShuttle {
    private SimpleGroupingToZero() {
    }

    /** The rewrite as a program step, to run before cost-based planning. */
    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new SimpleGroupingToZero());
    }

    @Override
    public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited instanceof LogicalAggregate ? rewrite((LogicalAggregate) visited) : visited;
    }

    private static boolean isGrouping(AggregateCall call) {
        SqlKind k = call.getAggregation().getKind();
        return k == SqlKind.GROUPING || k == SqlKind.GROUPING_ID || k == SqlKind.GROUP_ID;
    }

    private static RelNode rewrite(LogicalAggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE || agg.getAggCallList().stream().noneMatch(SimpleGroupingToZero::isGrouping)) {
            return agg;
        }
        List<AggregateCall> kept = new ArrayList<>();
        for (AggregateCall c : agg.getAggCallList()) {
            if (!isGrouping(c)) {
                kept.add(c);
            }
        }
        if (kept.isEmpty() && agg.getGroupSet().isEmpty()) {
            return agg;   // an aggregate of nothing is not a plan node Daft runs; keep its one row as it is
        }
        LogicalAggregate reduced = agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), null, kept);
        RexBuilder rex = agg.getCluster().getRexBuilder();
        int keys = agg.getGroupCount();
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            projects.add(rex.makeInputRef(reduced, i));
        }
        int next = keys;
        for (AggregateCall c : agg.getAggCallList()) {
            projects.add(isGrouping(c) ? rex.makeExactLiteral(BigDecimal.ZERO, c.getType()) : rex.makeInputRef(reduced, next++));
        }
        return LogicalProject.create(reduced, List.of(), projects, agg.getRowType().getFieldNames(), java.util.Set.of());
    }
}
