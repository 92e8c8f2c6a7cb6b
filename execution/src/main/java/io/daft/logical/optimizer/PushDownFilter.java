package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.core.Schema;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Exprs;
import io.daft.logical.Aggregate;
import io.daft.logical.Concat;
import io.daft.logical.Distinct;
import io.daft.logical.Filter;
import io.daft.logical.Join;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.logical.Repartition;
import io.daft.logical.Sort;
import io.daft.logical.Source;
import io.daft.ops.join.JoinType;
import io.daft.scan.Pushdowns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves filters as close to the data as their semantics allow: through projections (substituting the
 * projected expressions), sorts, repartitions, distincts, unions, into the sides of joins and below
 * aggregations (conjuncts on group keys only), and finally into scans when {@code enable_pushdowns} is on.
 */
public final class PushDownFilter implements OptimizerRule {
    @Override
    public String name() {
        return "push_down_filter";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan, PlanningConfig config) {
        return PlanRewrites.transformDown(plan, node -> node instanceof Filter ? push((Filter) node, config)
                : node instanceof Join ? pushResidual((Join) node, config) : node);
    }

    /**
     * Moves the conjuncts of a join's condition that read one side only into a filter on that side, where the
     * join type allows: a row of that side failing them matches nothing, and is not preserved by the join.
     */
    private LogicalPlan pushResidual(Join join, PlanningConfig config) {
        if (join.residual().isEmpty()) {
            return join;
        }
        JoinType t = join.joinType();
        boolean leftOk = t == JoinType.INNER || t == JoinType.SEMI || t == JoinType.RIGHT;
        boolean rightOk = t == JoinType.INNER || t == JoinType.LEFT || t == JoinType.SEMI || t == JoinType.ANTI;
        Set<String> leftCols = new HashSet<>(join.left().schema().names());
        Map<String, Expr> rightByOutput = new HashMap<>();
        for (int i = 0; i < join.rightOutputNames().size(); i++) {
            rightByOutput.put(join.rightOutputNames().get(i), new ColumnRef(join.right().schema().field(i).name()));
        }
        List<Expr> toLeft = new ArrayList<>();
        List<Expr> toRight = new ArrayList<>();
        List<Expr> keep = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(join.residual().get())) {
            List<String> cols = Exprs.columnsOf(c);
            if (!cols.isEmpty() && leftOk && leftCols.containsAll(cols)) {
                toLeft.add(c);
            } else if (!cols.isEmpty() && rightOk && rightByOutput.keySet().containsAll(cols)) {
                toRight.add(Exprs.substitute(c, rightByOutput));
            } else {
                keep.add(c);
            }
        }
        if ((toLeft.isEmpty() && toRight.isEmpty()) || (keep.isEmpty() && join.leftOn().isEmpty() && t != JoinType.INNER)) {
            return join; // nothing to move, or a keyless outer/semi join would lose its only condition
        }
        LogicalPlan left = toLeft.isEmpty() ? join.left() : push(new Filter(join.left(), Exprs.and(toLeft)), config);
        LogicalPlan right = toRight.isEmpty() ? join.right() : push(new Filter(join.right(), Exprs.and(toRight)), config);
        return new Join(left, right, join.leftOn(), join.rightOn(), t, keep.isEmpty() ? Optional.empty() : Optional.of(Exprs.and(keep)));
    }

    private LogicalPlan push(Filter filter, PlanningConfig config) {
        LogicalPlan child = filter.child();
        Expr pred = filter.predicate();
        if (child instanceof Filter) {
            Filter inner = (Filter) child;
            return push(new Filter(inner.child(), Exprs.and(List.of(inner.predicate(), pred))), config);
        }
        if (child instanceof Project) {
            Project p = (Project) child;
            Map<String, Expr> bindings = new HashMap<>();
            for (Expr e : p.projection()) {
                bindings.put(e.name(), e);
            }
            return new Project(push(new Filter(p.child(), Exprs.substitute(pred, bindings)), config), p.projection());
        }
        if (child instanceof Sort || child instanceof Repartition || child instanceof Distinct) {
            return child.withChildren(List.of(push(new Filter(child.child(), pred), config)));
        }
        if (child instanceof Concat) {
            List<LogicalPlan> inputs = new ArrayList<>();
            Schema outer = child.schema();
            for (LogicalPlan in : child.children()) {
                Map<String, Expr> byPosition = new HashMap<>();
                for (int i = 0; i < outer.size(); i++) {
                    byPosition.put(outer.field(i).name(), new ColumnRef(in.schema().field(i).name()));
                }
                inputs.add(push(new Filter(in, Exprs.substitute(pred, byPosition)), config));
            }
            return new Concat(inputs);
        }
        if (child instanceof Aggregate) {
            return pushBelowAggregate(filter, (Aggregate) child, config);
        }
        if (child instanceof Join) {
            return pushIntoJoin(filter, (Join) child, config);
        }
        if (child instanceof Source && config.enablePushdowns()) {
            Source s = (Source) child;
            Pushdowns p = s.pushdowns();
            if (p.limit().isPresent()) {
                return filter; // a limit already applies below: filtering first would change the result
            }
            Expr combined = p.filter().map(f -> Exprs.and(List.of(f, pred))).orElse(pred);
            return s.withPushdowns(p.withFilter(combined));
        }
        return filter;
    }

    private LogicalPlan pushBelowAggregate(Filter filter, Aggregate agg, PlanningConfig config) {
        Map<String, Expr> groupColumns = new HashMap<>();
        for (Expr g : agg.groupBy()) {
            if (Exprs.unalias(g) instanceof ColumnRef) {
                groupColumns.put(g.name(), Exprs.unalias(g));
            }
        }
        List<Expr> below = new ArrayList<>();
        List<Expr> above = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(filter.predicate())) {
            if (groupColumns.keySet().containsAll(Exprs.columnsOf(c))) {
                below.add(Exprs.substitute(c, groupColumns));
            } else {
                above.add(c);
            }
        }
        if (below.isEmpty()) {
            return filter;
        }
        LogicalPlan pushed = agg.withChildren(List.of(push(new Filter(agg.child(), Exprs.and(below)), config)));
        return above.isEmpty() ? pushed : new Filter(pushed, Exprs.and(above));
    }

    private LogicalPlan pushIntoJoin(Filter filter, Join join, PlanningConfig config) {
        Set<String> leftCols = new HashSet<>(join.left().schema().names());
        Map<String, Expr> rightByOutput = new HashMap<>();
        for (int i = 0; i < join.rightOutputNames().size(); i++) {
            rightByOutput.put(join.rightOutputNames().get(i), new ColumnRef(join.right().schema().field(i).name()));
        }
        JoinType t = join.joinType();
        boolean leftPreservedOnly = t == JoinType.INNER || t == JoinType.LEFT || t == JoinType.SEMI || t == JoinType.ANTI;
        boolean rightOk = t == JoinType.INNER || t == JoinType.RIGHT;
        List<Expr> toLeft = new ArrayList<>();
        List<Expr> toRight = new ArrayList<>();
        List<Expr> keep = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(filter.predicate())) {
            List<String> cols = Exprs.columnsOf(c);
            if (!cols.isEmpty() && leftCols.containsAll(cols) && leftPreservedOnly) {
                toLeft.add(c);
            } else if (!cols.isEmpty() && rightByOutput.keySet().containsAll(cols) && rightOk) {
                toRight.add(Exprs.substitute(c, rightByOutput));
            } else {
                keep.add(c);
            }
        }
        if (toLeft.isEmpty() && toRight.isEmpty()) {
            return filter;
        }
        LogicalPlan left = toLeft.isEmpty() ? join.left() : push(new Filter(join.left(), Exprs.and(toLeft)), config);
        LogicalPlan right = toRight.isEmpty() ? join.right() : push(new Filter(join.right(), Exprs.and(toRight)), config);
        LogicalPlan newJoin = new Join(left, right, join.leftOn(), join.rightOn(), t, join.residual());
        return keep.isEmpty() ? newJoin : new Filter(newJoin, Exprs.and(keep));
    }

}
