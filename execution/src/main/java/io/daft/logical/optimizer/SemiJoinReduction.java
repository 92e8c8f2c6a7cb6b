package io.daft.logical.optimizer;

import io.daft.config.DaftContext;
import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Exprs;
import io.daft.logical.Aggregate;
import io.daft.logical.Filter;
import io.daft.logical.Join;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.logical.Source;
import io.daft.ops.join.JoinType;
import io.daft.physical.PhysicalPlanner;

import java.util.List;
import java.util.Optional;

/**
 * Semi-join reduction: when an inner join's key on one side takes its values from a small filtered scan (through
 * projections, filters, group keys and inner joins), the other side, if it is large, is first reduced to the rows
 * whose key is among that scan's values, by a semi join with the scan (broadcast, since it is small), placed as
 * deep as the key column goes (below aggregations on it). Rows it drops could not have matched.
 *
 * <p>TPC-H q17 joins lineitem, and lineitem's averages per part, with the few parts of one brand and container:
 * both lineitem inputs shrink to those parts' rows before their aggregation and exchange. Runs once (it adds
 * joins), between fixpoints of the other rules ({@link Optimizer}).
 */
public final class SemiJoinReduction implements OptimizerRule {
    @Override
    public String name() {
        return "semi_join_reduction";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan, PlanningConfig config) {
        PhysicalPlanner sizes = new PhysicalPlanner(DaftContext.executionConfig(), config);
        long threshold = DaftContext.executionConfig().broadcastJoinSizeBytesThreshold();
        return PlanRewrites.transformUp(plan, node -> node instanceof Join ? reduce((Join) node, sizes, threshold) : node);
    }

    private static LogicalPlan reduce(Join join, PhysicalPlanner sizes, long threshold) {
        if (join.joinType() != JoinType.INNER || join.leftOn().isEmpty()) {
            return join;
        }
        LogicalPlan left = join.left();
        LogicalPlan right = join.right();
        boolean leftBig = sizes.estimateBytes(left) > threshold;
        boolean rightBig = sizes.estimateBytes(right) > threshold;
        for (int i = 0; i < join.leftOn().size(); i++) {
            Expr lk = join.leftOn().get(i);
            Expr rk = join.rightOn().get(i);
            if (!(lk instanceof ColumnRef) || !(rk instanceof ColumnRef)) {
                continue;
            }
            String lc = ((ColumnRef) lk).column();
            String rc = ((ColumnRef) rk).column();
            // worth it when the join itself would not drop the rows early: both sides are large (a partitioned
            // join exchanges the large side whole), or the reduction goes below an aggregation
            if (rightBig && (leftBig || belowAggregate(right, rc))) {
                Optional<LogicalPlan> keys = smallOrigin(left, lc, sizes, threshold);
                if (keys.isPresent()) {
                    right = insertSemi(right, rc, keys.get());
                    rightBig = false;
                    continue;
                }
            }
            if (leftBig && (rightBig || belowAggregate(left, lc))) {
                Optional<LogicalPlan> keys = smallOrigin(right, rc, sizes, threshold);
                if (keys.isPresent()) {
                    left = insertSemi(left, lc, keys.get());
                    leftBig = false;
                }
            }
        }
        if (left == join.left() && right == join.right()) {
            return join;
        }
        return new Join(left, right, join.leftOn(), join.rightOn(), join.joinType(), join.residual());
    }

    /**
     * A one-column plan (that column, named as in the scan) over a small filtered scan whose values include every
     * value {@code column} of {@code plan} can take; empty if there is none.
     */
    private static Optional<LogicalPlan> smallOrigin(LogicalPlan plan, String column, PhysicalPlanner sizes, long threshold) {
        if (plan instanceof Project) {
            return renamed((Project) plan, column).flatMap(c -> smallOrigin(((Project) plan).child(), c, sizes, threshold));
        }
        if (plan instanceof Filter) {
            return smallOrigin(((Filter) plan).child(), column, sizes, threshold);
        }
        if (plan instanceof Aggregate) {
            return groupColumn((Aggregate) plan, column).flatMap(c -> smallOrigin(((Aggregate) plan).child(), c, sizes, threshold));
        }
        if (plan instanceof Join) {
            Join j = (Join) plan;
            if (j.joinType() != JoinType.INNER && j.joinType() != JoinType.SEMI) {
                return Optional.empty();
            }
            if (j.left().schema().contains(column)) {
                Optional<LogicalPlan> mine = smallOrigin(j.left(), column, sizes, threshold);
                if (mine.isPresent()) {
                    return mine;
                }
                // an equi-join key: its values are also the other side's key values
                for (int i = 0; i < j.leftOn().size(); i++) {
                    if (j.leftOn().get(i).equals(new ColumnRef(column)) && j.rightOn().get(i) instanceof ColumnRef) {
                        return smallOrigin(j.right(), ((ColumnRef) j.rightOn().get(i)).column(), sizes, threshold);
                    }
                }
                return Optional.empty();
            }
            int r = j.rightOutputNames().indexOf(column);
            if (r < 0 || j.joinType() != JoinType.INNER) {
                return Optional.empty();
            }
            return smallOrigin(j.right(), j.right().schema().field(r).name(), sizes, threshold);
        }
        if (plan instanceof Source) {
            Source s = (Source) plan;
            if (s.pushdowns().filter().isEmpty() || s.pushdowns().limit().isPresent() || sizes.estimateBytes(s) > threshold) {
                return Optional.empty(); // unfiltered: every key is there, nothing would be dropped
            }
            return Optional.of(new Project(s, List.of(new ColumnRef(column))));
        }
        return Optional.empty();
    }

    /** {@code plan} with only the rows whose {@code column} is among {@code keys}' values, filtered as deep as the column goes. */
    private static LogicalPlan insertSemi(LogicalPlan plan, String column, LogicalPlan keys) {
        if (plan instanceof Project) {
            Project p = (Project) plan;
            Optional<String> c = renamed(p, column);
            if (c.isPresent()) {
                return new Project(insertSemi(p.child(), c.get(), keys), p.projection());
            }
        } else if (plan instanceof Filter) {
            Filter f = (Filter) plan;
            return new Filter(insertSemi(f.child(), column, keys), f.predicate());
        } else if (plan instanceof Aggregate) {
            Aggregate a = (Aggregate) plan;
            Optional<String> c = groupColumn(a, column);
            if (c.isPresent()) {
                return new Aggregate(insertSemi(a.child(), c.get(), keys), a.groupBy(), a.aggregations());
            }
        }
        String keyColumn = keys.schema().field(0).name();
        return new Join(plan, keys, List.of(new ColumnRef(column)), List.of(new ColumnRef(keyColumn)), JoinType.SEMI, Optional.empty());
    }

    /** Whether {@link #insertSemi} would place the semi join below an aggregation. */
    private static boolean belowAggregate(LogicalPlan plan, String column) {
        if (plan instanceof Project) {
            Optional<String> c = renamed((Project) plan, column);
            return c.isPresent() && belowAggregate(((Project) plan).child(), c.get());
        }
        if (plan instanceof Filter) {
            return belowAggregate(((Filter) plan).child(), column);
        }
        return plan instanceof Aggregate && groupColumn((Aggregate) plan, column).isPresent();
    }

    /** The input column a projection passes through as {@code column}, if it does so unchanged. */
    private static Optional<String> renamed(Project p, String column) {
        for (Expr e : p.projection()) {
            if (e.name().equals(column)) {
                Expr u = Exprs.unalias(e);
                return u instanceof ColumnRef ? Optional.of(((ColumnRef) u).column()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The input column of the group key named {@code column}, if it is a plain column. */
    private static Optional<String> groupColumn(Aggregate a, String column) {
        for (Expr g : a.groupBy()) {
            if (g.name().equals(column)) {
                Expr u = Exprs.unalias(g);
                return u instanceof ColumnRef ? Optional.of(((ColumnRef) u).column()) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
