package io.daft.calcite.rel;

import io.daft.calcite.Unsupported;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Alias;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import io.daft.logical.Join;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.ops.join.JoinType;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Joins of every type: equalities between the two sides become hash keys, the rest a residual condition. */
public final class DaftJoin extends org.apache.calcite.rel.core.Join implements DaftRel {
    public DaftJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right, RexNode condition, JoinRelType joinType) {
        super(cluster, traits, List.of(), left, right, condition, Set.<CorrelationId>of(), joinType);
    }

    @Override
    public DaftJoin copy(RelTraitSet traitSet, RexNode conditionExpr, RelNode left, RelNode right, JoinRelType joinType, boolean semiJoinDone) {
        return new DaftJoin(getCluster(), traitSet, left, right, conditionExpr, joinType);
    }

    static JoinType daftType(JoinRelType t) {
        switch (t) {
            case INNER: return JoinType.INNER;
            case LEFT: return JoinType.LEFT;
            case RIGHT: return JoinType.RIGHT;
            case FULL: return JoinType.FULL;
            case SEMI: return JoinType.SEMI;
            case ANTI: return JoinType.ANTI;
            default: throw new Unsupported(t + " join");
        }
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan left = DaftPlans.conform(DaftPlans.input(getLeft()), getLeft().getRowType());
        LogicalPlan right = DaftPlans.conform(DaftPlans.input(getRight()), getRight().getRowType());
        // rename right columns that clash with left ones, so Daft keeps every name as we chose it
        Set<String> taken = new HashSet<>();
        for (String n : left.schema().names()) {
            taken.add(n.toLowerCase(Locale.ROOT));
        }
        List<Expr> rename = new ArrayList<>();
        boolean renamed = false;
        List<Field> joinedFields = new ArrayList<>(left.schema().fields());
        for (Field f : right.schema().fields()) {
            String n = f.name();
            String candidate = n;
            int k = 0;
            while (!taken.add(candidate.toLowerCase(Locale.ROOT))) {
                candidate = n + "$r" + (++k);
            }
            renamed |= !candidate.equals(n);
            rename.add(new Alias(new ColumnRef(n), candidate));
            joinedFields.add(new Field(candidate, f.dataType(), true));
        }
        if (renamed) {
            right = new Project(right, rename);
        }
        Schema joined = new Schema(joinedFields);

        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        List<Boolean> filterNulls = new ArrayList<>();
        List<RexNode> rest = new ArrayList<>();
        RexBuilder rb = getCluster().getRexBuilder();
        // (a AND b) OR (a AND c) -> a AND (b OR c): an equality common to every OR branch (TPC-H Q19) becomes a
        // hash key instead of leaving a cross join with a residual
        RexNode factored = org.apache.calcite.rex.RexUtil.pullFactors(rb, condition);
        RelOptUtil.splitJoinCondition(getLeft(), getRight(), factored, leftKeys, rightKeys, filterNulls, rest);
        RexToDaft rex = new RexToDaft(rb, joined);
        List<Expr> leftOn = new ArrayList<>();
        List<Expr> rightOn = new ArrayList<>();
        List<Expr> residuals = new ArrayList<>();
        int nLeft = left.schema().size();
        for (int i = 0; i < leftKeys.size(); i++) {
            Expr l = new ColumnRef(joined.field(leftKeys.get(i)).name());
            Expr r = new ColumnRef(joined.field(nLeft + rightKeys.get(i)).name());
            Optional<Literal> lz = zero(joined.field(leftKeys.get(i)).dataType());
            Optional<Literal> rz = zero(joined.field(nLeft + rightKeys.get(i)).dataType());
            if (filterNulls.get(i)) {
                leftOn.add(l);
                rightOn.add(r);
            } else if (lz.isPresent() && rz.isPresent()) {
                // IS NOT DISTINCT FROM (the decorrelator's joins on nullable keys) as two keys that are never
                // null: whether the value is NULL, and the value with NULL replaced by a zero
                leftOn.add(new UnaryExpr(UnaryOp.IS_NULL, l));
                rightOn.add(new UnaryExpr(UnaryOp.IS_NULL, r));
                leftOn.add(new FunctionExpr("coalesce", List.of(l, lz.get())));
                rightOn.add(new FunctionExpr("coalesce", List.of(r, rz.get())));
            } else {
                residuals.add(new BinaryExpr(BinaryOp.EQ_NULL_SAFE, l, r));
            }
        }
        RexNode restCond = RexUtil.composeConjunction(rb, rest);
        if (!restCond.isAlwaysTrue()) {
            residuals.add(rex.translate(restCond));
        }
        Optional<Expr> residual = residuals.stream().reduce((a, b) -> new BinaryExpr(BinaryOp.AND, a, b));
        JoinType type = daftType(joinType);
        if (leftOn.isEmpty() && residual.isEmpty() && type != JoinType.INNER) {
            residual = Optional.of(Literal.of(true));
        }
        LogicalPlan join = new Join(left, right, leftOn, rightOn, type, residual);
        return DaftPlans.conform(join, getRowType());
    }

    /** A value of {@code type} that hash keys can stand NULL in for, next to an is-NULL key; empty for other types. */
    private static Optional<Literal> zero(DataType type) {
        return switch (type.id()) {
            case BOOLEAN -> Optional.of(Literal.of(false));
            case INT8, INT16, INT32, INT64 -> Optional.of(Literal.integer(0, type));
            case FLOAT32, FLOAT64 -> Optional.of(Literal.floating(0, type));
            case DECIMAL -> Optional.of(Literal.decimal(java.math.BigDecimal.ZERO, type.precision(), type.scale()));
            case UTF8 -> Optional.of(Literal.of(""));
            case DATE -> Optional.of(Literal.of(java.time.LocalDate.EPOCH));
            case TIMESTAMP -> Optional.of(Literal.timestamp(0, type.timeUnit(), type.timeZone()));
            default -> Optional.empty();
        };
    }
}
