package io.daft.calcite.rel;

import io.daft.calcite.Unsupported;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.dsl.Alias;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import io.daft.dsl.WindowExpr;
import io.daft.logical.Join;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.ops.join.JoinType;
import io.daft.ops.window.WindowFrame;
import io.daft.ops.window.WindowOp;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * INTERSECT ALL and EXCEPT ALL (the DISTINCT forms are rewritten by Calcite into aggregates). The k-th copy of
 * a row is numbered k on each side (ROW_NUMBER over all columns); then a semi join (INTERSECT) or anti join
 * (EXCEPT) on all columns plus that number keeps min(m, n) or max(m - n, 0) copies. Columns are compared
 * null-safely: each becomes a (value-or-placeholder, is-null) pair of join keys.
 */
public final class DaftSetOpAll extends SetOp implements DaftRel {
    public DaftSetOpAll(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs, SqlKind kind) {
        super(cluster, traits, List.of(), inputs, kind, true);
        if (kind != SqlKind.INTERSECT && kind != SqlKind.EXCEPT) {
            throw new IllegalArgumentException(kind.toString());
        }
    }

    @Override
    public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        return new DaftSetOpAll(getCluster(), traitSet, inputs, kind);
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan out = side(0);
        for (int i = 1; i < getInputs().size(); i++) {
            out = combine(out, side(i));
        }
        return out;
    }

    private LogicalPlan side(int i) {
        RelNode in = getInputs().get(i);
        return DaftPlans.conform(DaftPlans.conform(DaftPlans.input(in), in.getRowType()), getRowType());
    }

    private LogicalPlan combine(LogicalPlan left, LogicalPlan right) {
        List<String> columns = left.schema().names();
        LogicalPlan l = numbered(left, "l");
        LogicalPlan r = numbered(right, "r");
        List<Expr> leftKeys = new ArrayList<>();
        List<Expr> rightKeys = new ArrayList<>();
        for (String n : l.schema().names()) {
            if (n.startsWith("__l_")) {
                leftKeys.add(new ColumnRef(n));
                rightKeys.add(new ColumnRef("__r_" + n.substring(4)));
            }
        }
        Join joined = new Join(l, r, leftKeys, rightKeys, kind == SqlKind.INTERSECT ? JoinType.SEMI : JoinType.ANTI, Optional.empty());
        List<Expr> back = new ArrayList<>();
        for (String c : columns) {
            back.add(new ColumnRef(c));
        }
        return new Project(joined, back);
    }

    /** The side with null-safe key columns {@code __<p>_v<i>}, {@code __<p>_n<i>} and the copy number {@code __<p>_rn}. */
    private static LogicalPlan numbered(LogicalPlan side, String p) {
        List<Expr> exprs = new ArrayList<>();
        List<Expr> keys = new ArrayList<>();
        int i = 0;
        for (Field f : side.schema().fields()) {
            exprs.add(new ColumnRef(f.name()));
        }
        for (Field f : side.schema().fields()) {
            Expr c = new ColumnRef(f.name());
            // a list, map or struct is compared as its normalized key (BINARY)
            Expr value = f.dataType().isNested() ? new FunctionExpr("nested_key", List.of(c)) : c;
            DataType valueType = f.dataType().isNested() ? DataType.BINARY : f.dataType();
            String v = "__" + p + "_v" + i;
            String n = "__" + p + "_n" + i;
            exprs.add(new Alias(new FunctionExpr("coalesce", List.of(value, placeholder(valueType))), v));
            exprs.add(new Alias(new UnaryExpr(UnaryOp.IS_NULL, c), n));
            keys.add(new ColumnRef(v));
            keys.add(new ColumnRef(n));
            i++;
        }
        LogicalPlan withKeys = new Project(side, exprs);
        WindowExpr rn = new WindowExpr(WindowOp.ROW_NUMBER, Optional.empty(), 0, Optional.empty(), WindowFrame.WHOLE_PARTITION, "__" + p + "_rn");
        return new io.daft.logical.Window(withKeys, keys, List.of(), List.of(rn));
    }

    /** Any non-null value of the type: it stands in for null, and the is-null key tells the two apart. */
    private static Expr placeholder(DataType t) {
        if (t.id() == TypeId.NULL) {
            return Literal.of(0L);
        }
        if (t.isNumeric()) {
            return new Cast(Literal.of(0L), t);
        }
        switch (t.id()) {
            case BOOLEAN: return Literal.of(false);
            case UTF8: return Literal.of("");
            case BINARY: return Literal.binary(new byte[0]);
            case DATE:
            case TIMESTAMP: return new Cast(Literal.of("1970-01-01"), t);
            default: throw new Unsupported("INTERSECT/EXCEPT ALL over a column of type " + t);
        }
    }
}
