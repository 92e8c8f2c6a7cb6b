package io.daft.calcite.rel;

import io.daft.logical.Filter;
import io.daft.logical.LogicalPlan;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;

/** WHERE / HAVING. */
public final class DaftFilter extends org.apache.calcite.rel.core.Filter implements DaftRel {
    public DaftFilter(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexNode condition) {
        super(cluster, traits, input, condition);
    }

    @Override
    public DaftFilter copy(RelTraitSet traitSet, RelNode input, RexNode condition) {
        return new DaftFilter(getCluster(), traitSet, input, condition);
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan in = DaftPlans.conform(DaftPlans.input(getInput()), getInput().getRowType());
        RexToDaft rex = new RexToDaft(getCluster().getRexBuilder(), in.schema());
        return new Filter(in, rex.translate(condition));
    }
}
