package io.daft.calcite.rel;

import io.daft.dsl.ColumnRef;
import io.daft.logical.Limit;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Sort;
import io.daft.logical.SortKey;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;

import java.util.ArrayList;
import java.util.List;

/** ORDER BY with LIMIT/OFFSET (either may be absent). */
public final class DaftSort extends org.apache.calcite.rel.core.Sort implements DaftRel {
    public DaftSort(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelCollation collation, RexNode offset, RexNode fetch) {
        super(cluster, traits, input, collation, offset, fetch);
    }

    @Override
    public DaftSort copy(RelTraitSet traitSet, RelNode newInput, RelCollation newCollation, RexNode offset, RexNode fetch) {
        return new DaftSort(getCluster(), traitSet, newInput, newCollation, offset, fetch);
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan in = DaftPlans.conform(DaftPlans.input(getInput()), getInput().getRowType());
        LogicalPlan out = in;
        List<RelFieldCollation> fields = collation.getFieldCollations();
        if (!fields.isEmpty()) {
            List<SortKey> keys = new ArrayList<>();
            for (RelFieldCollation fc : fields) {
                boolean desc = fc.getDirection().isDescending();
                boolean nullsFirst;
                switch (fc.nullDirection) {
                    case FIRST: nullsFirst = true; break;
                    case LAST: nullsFirst = false; break;
                    default: nullsFirst = false;
                }
                keys.add(new SortKey(new ColumnRef(in.schema().field(fc.getFieldIndex()).name()), desc, nullsFirst));
            }
            out = new Sort(out, keys);
        }
        if (fetch != null || offset != null) {
            long limit = fetch == null ? Long.MAX_VALUE / 4 : RexToDaft.longLiteral(fetch)
                    .orElseThrow(() -> new io.daft.calcite.Unsupported("a non-literal FETCH/LIMIT"));
            long off = offset == null ? 0 : RexToDaft.longLiteral(offset)
                    .orElseThrow(() -> new io.daft.calcite.Unsupported("a non-literal OFFSET"));
            out = new Limit(out, limit, off);
        }
        return out;
    }
}
