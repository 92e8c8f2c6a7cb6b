package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Alias;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the Daft operators' translations. */
public final class DaftPlans {
    private DaftPlans() {
    }

    /** The Daft plan of a (Daft) input. */
    public static LogicalPlan input(RelNode rel) {
        RelNode r = rel instanceof org.apache.calcite.plan.volcano.RelSubset
                ? ((org.apache.calcite.plan.volcano.RelSubset) rel).getBest() : rel;
        if (!(r instanceof DaftRel)) {
            throw new io.daft.calcite.Unsupported("operator " + (r == null ? rel : r).getRelTypeName() + " cannot run on Daft");
        }
        return ((DaftRel) r).toDaft();
    }

    /**
     * {@code plan} with its columns renamed to {@code rowType}'s unique names and cast to its types, where they
     * differ (a projection is added only if something changes).
     */
    public static LogicalPlan conform(LogicalPlan plan, RelDataType rowType) {
        Schema want = DaftTypes.toSchema(rowType);
        return conform(plan, want);
    }

    public static LogicalPlan conform(LogicalPlan plan, Schema want) {
        Schema have = plan.schema();
        if (have.size() != want.size()) {
            throw new IllegalStateException("Daft plan has " + have.size() + " columns where " + want.size() + " are expected: "
                    + have + " vs " + want);
        }
        boolean same = true;
        List<Expr> exprs = new ArrayList<>(want.size());
        for (int i = 0; i < want.size(); i++) {
            Field h = have.field(i);
            Field w = want.field(i);
            Expr e = new ColumnRef(h.name());
            if (!sameType(h.dataType(), w.dataType())) {
                e = new Cast(e, w.dataType());
                same = false;
            }
            if (!h.name().equals(w.name())) {
                same = false;
            }
            exprs.add(new Alias(e, w.name()));
        }
        return same ? plan : new Project(plan, exprs);
    }

    /**
     * Whether a column of Daft type {@code a} may stand for Calcite's {@code b} without a cast: equal types; a
     * decimal with the same scale and more precision (Daft's rules can be wider than Calcite's, e.g. ROUND keeps a
     * carry digit; casting down could overflow); timestamps of any unit.
     */
    static boolean sameType(DataType a, DataType b) {
        if (a.equals(b) || b.id() == io.daft.core.TypeId.NULL) {
            return true;
        }
        if (a.id() == io.daft.core.TypeId.DECIMAL && b.id() == io.daft.core.TypeId.DECIMAL) {
            return a.scale() == b.scale() && a.precision() >= b.precision();
        }
        // timestamp precision in Calcite is nominal; keep the unit the data has
        return a.id() == io.daft.core.TypeId.TIMESTAMP && b.id() == io.daft.core.TypeId.TIMESTAMP && a.timeZone().equals(b.timeZone());
    }

    /** The Daft schema a node's row type stands for. */
    public static Schema schemaOf(RelNode rel) {
        return DaftTypes.toSchema(rel.getRowType());
    }
}
