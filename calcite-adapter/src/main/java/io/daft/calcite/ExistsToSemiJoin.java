package io.daft.calcite;

import com.google.common.collect.ImmutableSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code [NOT] EXISTS (SELECT ... FROM t WHERE <conditions>)} conjuncts of a WHERE clause into SEMI (ANTI)
 * joins with {@code t}, when the sub-query refers to the outer row only in conjuncts of its top filter and at least
 * one of those is an equality (the join key). Calcite's general sub-query removal and decorrelation would instead
 * join the outer query with de-duplicated key sets built from further copies of it (TPC-H q21 read lineitem nine
 * times); a semi or anti join with the other conditions as its residual reads each table once, and has exactly
 * EXISTS / NOT EXISTS semantics (a pair whose condition is null does not match; an outer row with a null key has no
 * match). Sub-queries of any other shape are left to Calcite's program, which runs next.
 */
final class ExistsToSemiJoin extends RelHomogeneousShuttle {
    private ExistsToSemiJoin() {
    }

    /** The rewrite as a program step, to run before sub-query removal. */
    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new ExistsToSemiJoin());
    }

    @Override
    public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited instanceof LogicalFilter ? rewrite((LogicalFilter) visited) : visited;
    }

    private static RelNode rewrite(LogicalFilter filter) {
        List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
        for (int i = 0; i < conjuncts.size(); i++) {
            RexNode c = conjuncts.get(i);
            boolean negated = c.getKind() == SqlKind.NOT;
            RexNode e = negated ? ((RexCall) c).getOperands().get(0) : c;
            if (!(e instanceof RexSubQuery) || e.getKind() != SqlKind.EXISTS) {
                continue;
            }
            Optional<SemiJoin> semi = semiJoinOf(filter, (RexSubQuery) e);
            if (semi.isEmpty()) {
                continue;
            }
            List<RexNode> rest = new ArrayList<>(conjuncts);
            rest.remove(i);
            RelNode left = filter.getInput();
            if (!rest.isEmpty()) {
                // the other conjuncts (join conditions of a comma join among them) stay below the semi join
                LogicalFilter below = LogicalFilter.create(left, RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest),
                        ImmutableSet.copyOf(filter.getVariablesSet()));
                left = rewrite(below);
            }
            return LogicalJoin.create(left, semi.get().right, List.of(), semi.get().condition, Set.of(),
                    negated ? JoinRelType.ANTI : JoinRelType.SEMI);
        }
        return filter;
    }

    /** The right side and condition of the join that answers {@code exists}, if it has the shape we handle. */
    private static Optional<SemiJoin> semiJoinOf(LogicalFilter outer, RexSubQuery exists) {
        Set<CorrelationId> ids = outer.getVariablesSet();
        RelNode sub = exists.rel;
        while (sub instanceof LogicalProject && ((LogicalProject) sub).getProjects().stream().noneMatch(RexUtil::containsCorrelation)) {
            sub = ((LogicalProject) sub).getInput();   // EXISTS does not look at the selected columns
        }
        if (ids.isEmpty() || !(sub instanceof LogicalFilter) || !correlationFree(((LogicalFilter) sub).getInput())) {
            return Optional.empty();
        }
        LogicalFilter inner = (LogicalFilter) sub;
        RexBuilder rex = outer.getCluster().getRexBuilder();
        int leftCount = outer.getInput().getRowType().getFieldCount();
        List<RexNode> correlated = new ArrayList<>();
        List<RexNode> local = new ArrayList<>();
        boolean hasKey = false;
        for (RexNode c : RelOptUtil.conjunctions(inner.getCondition())) {
            if (RexUtil.SubQueryFinder.find(c) != null) {
                return Optional.empty();
            }
            if (!RexUtil.containsCorrelation(c)) {
                local.add(c);
                continue;
            }
            Optional<RexNode> moved = toJoinCondition(c, ids, leftCount, outer.getInput().getRowType());
            if (moved.isEmpty()) {
                return Optional.empty();
            }
            hasKey |= isKey(moved.get(), leftCount);
            correlated.add(moved.get());
        }
        if (!hasKey) {
            return Optional.empty();
        }
        RelNode right = local.isEmpty() ? inner.getInput()
                : LogicalFilter.create(inner.getInput(), RexUtil.composeConjunction(rex, local));
        return Optional.of(new SemiJoin(right, RexUtil.composeConjunction(rex, correlated)));
    }

    /**
     * {@code c} over the join's row (outer fields, then the sub-query's): references to the outer row become its
     * fields, the sub-query's own fields shift right. Empty if it refers to the outer row any other way.
     */
    private static Optional<RexNode> toJoinCondition(RexNode c, Set<CorrelationId> ids, int leftCount, RelDataType outerRow) {
        boolean[] foreign = new boolean[1];
        RexNode moved = c.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(ref.getIndex() + leftCount, ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable) {
                    RexCorrelVariable v = (RexCorrelVariable) access.getReferenceExpr();
                    Optional<Integer> field = ids.contains(v.id) ? outerField(v.getType(), access, outerRow) : Optional.empty();
                    if (field.isPresent()) {
                        return new RexInputRef(field.get(), access.getType());
                    }
                    foreign[0] = true;
                }
                return super.visitFieldAccess(access);
            }
        });
        return foreign[0] || RexUtil.containsCorrelation(moved) ? Optional.empty() : Optional.of(moved);
    }

    /**
     * The field of the outer row that {@code access} reads. The correlation variable may still have the type of
     * the whole table while the filter's input is already trimmed to fewer columns: then the field is found by
     * its (unique) name and must have the same type.
     */
    private static Optional<Integer> outerField(RelDataType variable, RexFieldAccess access, RelDataType outerRow) {
        if (variable.equals(outerRow)) {
            return Optional.of(access.getField().getIndex());
        }
        String name = access.getField().getName();
        int found = -1;
        for (RelDataTypeField f : outerRow.getFieldList()) {
            if (f.getName().equals(name)) {
                if (found >= 0) {
                    return Optional.empty();
                }
                found = f.getIndex();
            }
        }
        if (found < 0 || !outerRow.getFieldList().get(found).getType().equals(access.getType())) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /** Whether {@code c} is an equality between an outer-only and a sub-query-only expression. */
    private static boolean isKey(RexNode c, int leftCount) {
        if (c.getKind() != SqlKind.EQUALS) {
            return false;
        }
        List<RexNode> sides = ((RexCall) c).getOperands();
        ImmutableBitSet a = RelOptUtil.InputFinder.bits(sides.get(0));
        ImmutableBitSet b = RelOptUtil.InputFinder.bits(sides.get(1));
        ImmutableBitSet left = ImmutableBitSet.range(0, leftCount);
        return !a.isEmpty() && !b.isEmpty()
                && (left.contains(a) && !b.intersects(left) || left.contains(b) && !a.intersects(left));
    }

    private static boolean correlationFree(RelNode rel) {
        return RelOptUtil.getVariablesUsed(rel).isEmpty();
    }

    private record SemiJoin(RelNode right, RexNode condition) {
    }
}
