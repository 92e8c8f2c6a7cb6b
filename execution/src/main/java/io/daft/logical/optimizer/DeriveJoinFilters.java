package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.core.Schema;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Exprs;
import io.daft.logical.Filter;
import io.daft.logical.Join;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.logical.Source;
import io.daft.ops.join.JoinType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives filters for the sides of a join from a disjunction over both sides in its condition (or in an
 * inner join's filter): from {@code (a1 AND b1) OR (a2 AND b2)}, where {@code ai} read only the left side, the
 * left side may be filtered by {@code a1 OR a2} (a row failing it fails every branch). TPC-H q19's
 * {@code (p_brand = .. AND l_quantity BETWEEN ..) OR ...} and q07's
 * {@code (n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 = 'FRANCE')} become selective scans.
 *
 * <p>The original condition stays, so this only adds work below the join; only side conditions that cannot fail
 * at run time (comparisons, IN, BETWEEN, IS NULL of columns and literals of comparable types) are used, since
 * they now run on rows the condition's other conjuncts used to rule out first. The derived filters are new
 * conditions, so this rule runs once, between fixpoints of the other rules ({@link Optimizer}), and adds none that
 * the side already applies.
 */
public final class DeriveJoinFilters implements OptimizerRule {
    @Override
    public String name() {
        return "derive_join_filters";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan, PlanningConfig config) {
        return PlanRewrites.transformUp(plan, node -> {
            if (node instanceof Join && ((Join) node).residual().isPresent()) {
                Join j = (Join) node;
                return derive(j, Exprs.conjuncts(j.residual().get()), j.joinType());
            }
            if (node instanceof Filter && node.children().get(0) instanceof Join
                    && ((Join) node.children().get(0)).joinType() == JoinType.INNER) {
                Filter f = (Filter) node;
                Join j = (Join) f.child();
                LogicalPlan derived = derive(j, Exprs.conjuncts(f.predicate()), JoinType.INNER);
                return derived == j ? f : new Filter(derived, f.predicate());
            }
            return node;
        });
    }

    /** {@code join} with filters derived from {@code conjuncts} (over its joined row) on the sides that allow them. */
    private static LogicalPlan derive(Join join, List<Expr> conjuncts, JoinType type) {
        // which side may drop rows that cannot satisfy the condition (as in PushDownFilter's residual split)
        boolean leftOk = type == JoinType.INNER || type == JoinType.SEMI || type == JoinType.RIGHT;
        boolean rightOk = type == JoinType.INNER || type == JoinType.LEFT || type == JoinType.SEMI || type == JoinType.ANTI;
        Schema joined = join.joinedSchema();
        Set<String> leftCols = new HashSet<>(join.left().schema().names());
        Map<String, Expr> rightByOutput = new HashMap<>();
        for (int i = 0; i < join.rightOutputNames().size(); i++) {
            rightByOutput.put(join.rightOutputNames().get(i), new ColumnRef(join.right().schema().field(i).name()));
        }
        List<Expr> toLeft = new ArrayList<>();
        List<Expr> toRight = new ArrayList<>();
        for (Expr c : conjuncts) {
            List<Expr> branches = disjuncts(c);
            if (branches.size() < 2) {
                continue;
            }
            if (leftOk) {
                implied(branches, leftCols, joined).filter(e -> !applied(join.left(), e) && !toLeft.contains(e))
                        .ifPresent(toLeft::add);
            }
            if (rightOk) {
                implied(branches, rightByOutput.keySet(), joined).map(e -> Exprs.substitute(e, rightByOutput))
                        .filter(e -> !applied(join.right(), e) && !toRight.contains(e)).ifPresent(toRight::add);
            }
        }
        if (toLeft.isEmpty() && toRight.isEmpty()) {
            return join;
        }
        LogicalPlan left = toLeft.isEmpty() ? join.left() : new Filter(join.left(), Exprs.and(toLeft));
        LogicalPlan right = toRight.isEmpty() ? join.right() : new Filter(join.right(), Exprs.and(toRight));
        return new Join(left, right, join.leftOn(), join.rightOn(), join.joinType(), join.residual());
    }

    /**
     * Whether {@code plan} already filters by {@code e}: a conjunct of the filters (and scan pushdowns) straight
     * below, looking through projections. Keeps the rule idempotent when an optimized plan is optimized again.
     */
    private static boolean applied(LogicalPlan plan, Expr e) {
        while (true) {
            if (plan instanceof Filter) {
                if (Exprs.conjuncts(((Filter) plan).predicate()).contains(e)) {
                    return true;
                }
                plan = ((Filter) plan).child();
            } else if (plan instanceof Project) {
                Map<String, Expr> bindings = new HashMap<>();
                for (Expr p : ((Project) plan).projection()) {
                    bindings.put(p.name(), p);
                }
                e = Exprs.substitute(e, bindings);
                plan = ((Project) plan).child();
            } else if (plan instanceof Source) {
                Optional<Expr> f = ((Source) plan).pushdowns().filter();
                return f.isPresent() && Exprs.conjuncts(f.get()).contains(e);
            } else {
                return false;
            }
        }
    }

    /** The OR over branches of each branch's conjuncts on {@code side} alone; empty if some branch has none. */
    private static Optional<Expr> implied(List<Expr> branches, Set<String> side, Schema joined) {
        List<Expr> ors = new ArrayList<>();
        for (Expr b : branches) {
            List<Expr> mine = new ArrayList<>();
            for (Expr c : Exprs.conjuncts(b)) {
                List<String> cols = Exprs.columnsOf(c);
                if (!cols.isEmpty() && side.containsAll(cols) && Exprs.cannotFail(c, joined)) {
                    mine.add(c);
                }
            }
            if (mine.isEmpty()) {
                return Optional.empty(); // this branch does not constrain the side
            }
            ors.add(Exprs.and(mine));
        }
        Expr out = ors.get(0);
        for (int i = 1; i < ors.size(); i++) {
            out = new BinaryExpr(BinaryOp.OR, out, ors.get(i));
        }
        return Optional.of(out);
    }

    static List<Expr> disjuncts(Expr e) {
        List<Expr> out = new ArrayList<>();
        splitOr(e, out);
        return out;
    }

    private static void splitOr(Expr e, List<Expr> out) {
        if (e instanceof BinaryExpr && ((BinaryExpr) e).op() == BinaryOp.OR) {
            splitOr(((BinaryExpr) e).left(), out);
            splitOr(((BinaryExpr) e).right(), out);
        } else {
            out.add(e);
        }
    }
}
