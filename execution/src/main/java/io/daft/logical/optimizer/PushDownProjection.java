package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.core.Field;
import io.daft.dsl.AggExpr;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Exprs;
import io.daft.logical.Aggregate;
import io.daft.logical.Filter;
import io.daft.logical.Join;
import io.daft.logical.Limit;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.logical.Repartition;
import io.daft.logical.Sort;
import io.daft.logical.SortKey;
import io.daft.logical.Source;
import io.daft.logical.IntoPartitions;
import io.daft.logical.Window;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads only the columns the query uses: walks down with the set of columns each parent needs, drops unused
 * projections and, when {@code enable_pushdowns} is on, tells scans which columns to read.
 */
public final class PushDownProjection implements OptimizerRule {
    @Override
    public String name() {
        return "push_down_projection";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan, PlanningConfig config) {
        return prune(plan, new LinkedHashSet<>(plan.schema().names()), config);
    }

    private LogicalPlan prune(LogicalPlan node, Set<String> required, PlanningConfig config) {
        if (node instanceof Project) {
            Project p = (Project) node;
            List<Expr> kept = new ArrayList<>();
            for (Expr e : p.projection()) {
                if (required.contains(e.name())) {
                    kept.add(e);
                }
            }
            if (kept.isEmpty()) {
                kept.add(p.projection().get(0)); // keep the row count flowing
            }
            Set<String> childRequired = new LinkedHashSet<>(Exprs.columnsOf(kept));
            LogicalPlan child = prune(p.child(), childRequired, config);
            // a projection that only passes the child's columns through unchanged is dropped
            if (isIdentity(kept, child)) {
                return child;
            }
            return new Project(child, kept);
        }
        if (node instanceof Filter) {
            Filter f = (Filter) node;
            Set<String> childRequired = new LinkedHashSet<>(required);
            childRequired.addAll(Exprs.columnsOf(f.predicate()));
            return new Filter(prune(f.child(), childRequired, config), f.predicate());
        }
        if (node instanceof Sort) {
            Sort s = (Sort) node;
            Set<String> childRequired = new LinkedHashSet<>(required);
            for (SortKey k : s.keys()) {
                childRequired.addAll(Exprs.columnsOf(k.expr()));
            }
            return new Sort(prune(s.child(), childRequired, config), s.keys());
        }
        if (node instanceof io.daft.logical.Explode) {
            // the exploded column and the child's columns still wanted above (the ordinality is made here)
            io.daft.logical.Explode e = (io.daft.logical.Explode) node;
            Set<String> childRequired = new LinkedHashSet<>();
            for (String n : e.child().schema().names()) {
                if (required.contains(n) || n.equals(e.column())) {
                    childRequired.add(n);
                }
            }
            return e.withChildren(List.of(prune(e.child(), childRequired, config)));
        }
        if (node instanceof Limit || node instanceof IntoPartitions) {
            return node.withChildren(List.of(prune(node.child(), required, config)));
        }
        if (node instanceof Repartition) {
            Repartition r = (Repartition) node;
            Set<String> childRequired = new LinkedHashSet<>(required);
            childRequired.addAll(Exprs.columnsOf(r.hashKeys()));
            return r.withChildren(List.of(prune(r.child(), childRequired, config)));
        }
        if (node instanceof Aggregate) {
            Aggregate a = (Aggregate) node;
            Set<String> childRequired = new LinkedHashSet<>(Exprs.columnsOf(a.groupBy()));
            for (AggExpr agg : a.aggregations()) {
                childRequired.addAll(Exprs.columnsOf(agg.child()));
            }
            return a.withChildren(List.of(prune(a.child(), childRequired, config)));
        }
        if (node instanceof Join) {
            return pruneJoin((Join) node, required, config);
        }
        if (node instanceof Window) {
            Window w = (Window) node;
            Set<String> childRequired = new LinkedHashSet<>();
            for (String n : w.child().schema().names()) {
                if (required.contains(n)) {
                    childRequired.add(n);
                }
            }
            childRequired.addAll(Exprs.columnsOf(w.partitionBy()));
            for (SortKey k : w.orderBy()) {
                childRequired.addAll(Exprs.columnsOf(k.expr()));
            }
            for (io.daft.dsl.WindowExpr f : w.functions()) {
                f.arg().ifPresent(a -> childRequired.addAll(Exprs.columnsOf(a)));
                f.defaultValue().ifPresent(d -> childRequired.addAll(Exprs.columnsOf(d)));
            }
            return w.withChildren(List.of(prune(w.child(), childRequired, config)));
        }
        if (node instanceof Source && config.enablePushdowns()) {
            Source s = (Source) node;
            List<String> cols = new ArrayList<>();
            for (Field f : s.schema().fields()) {
                if (required.contains(f.name())) {
                    cols.add(f.name());
                }
            }
            if (cols.isEmpty() && s.schema().size() > 0) {
                cols.add(s.schema().field(0).name()); // something must carry the row count
            }
            if (cols.size() == s.schema().size()) {
                return s;
            }
            return s.withPushdowns(s.pushdowns().withColumns(cols));
        }
        // Distinct, Concat, Sink and in-memory sources need every input column.
        List<LogicalPlan> children = new ArrayList<>();
        for (LogicalPlan c : node.children()) {
            children.add(prune(c, new LinkedHashSet<>(c.schema().names()), config));
        }
        return children.isEmpty() ? node : node.withChildren(children);
    }

    private LogicalPlan pruneJoin(Join join, Set<String> required, PlanningConfig config) {
        Set<String> leftRequired = new LinkedHashSet<>();
        Set<String> rightRequired = new LinkedHashSet<>();
        List<String> leftNames = join.left().schema().names();
        Set<String> needed = new LinkedHashSet<>(required);
        join.residual().ifPresent(r -> needed.addAll(Exprs.columnsOf(r)));
        for (String n : needed) {
            if (leftNames.contains(n)) {
                leftRequired.add(n);
            }
            int ri = join.rightOutputNames().indexOf(n);
            if (ri >= 0) {
                rightRequired.add(join.right().schema().field(ri).name());
            }
        }
        leftRequired.addAll(Exprs.columnsOf(join.leftOn()));
        rightRequired.addAll(Exprs.columnsOf(join.rightOn()));
        LogicalPlan left = prune(join.left(), leftRequired, config);
        LogicalPlan right = prune(join.right(), rightRequired, config);
        Join pruned = new Join(left, right, join.leftOn(), join.rightOn(), join.joinType(), join.residual());
        if (pruned.schema().equals(join.schema()) || namesKept(join, pruned, required)) {
            return pruned;
        }
        // Pruning changed which right columns clash with left ones: restore the original names on top.
        List<Expr> restore = new ArrayList<>();
        for (String n : join.schema().names()) {
            if (!required.contains(n)) {
                continue;
            }
            int ri = join.rightOutputNames().indexOf(n);
            String now = ri >= 0
                    ? pruned.rightOutputNames().get(right.schema().indexOf(join.right().schema().field(ri).name()).getAsInt())
                    : n;
            restore.add(now.equals(n) ? new ColumnRef(n) : new ColumnRef(now).alias(n));
        }
        return new Project(pruned, restore);
    }

    private static boolean namesKept(Join before, Join after, Set<String> required) {
        for (String n : required) {
            if (!after.schema().contains(n)) {
                return false;
            }
            int ri = before.rightOutputNames().indexOf(n);
            if (ri >= 0 && !after.rightOutputNames().contains(n)) {
                return false;
            }
        }
        // a required left column must not now be shadowed by a right column of the same original name
        for (String n : required) {
            int riBefore = before.rightOutputNames().indexOf(n);
            int riAfter = after.rightOutputNames().indexOf(n);
            if ((riBefore >= 0) != (riAfter >= 0)) {
                return false;
            }
            if (riBefore >= 0 && !before.right().schema().field(riBefore).name()
                    .equals(after.right().schema().field(riAfter).name())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentity(List<Expr> projection, LogicalPlan child) {
        if (projection.size() != child.schema().size()) {
            return false;
        }
        for (int i = 0; i < projection.size(); i++) {
            Expr e = projection.get(i);
            if (!(e instanceof ColumnRef) || !((ColumnRef) e).column().equals(child.schema().field(i).name())) {
                return false;
            }
        }
        return true;
    }
}
