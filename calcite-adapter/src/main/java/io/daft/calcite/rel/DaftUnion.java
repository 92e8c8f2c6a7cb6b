package io.daft.calcite.rel;

import io.daft.logical.Concat;
import io.daft.logical.Distinct;
import io.daft.logical.LogicalPlan;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.SetOp;

import java.util.ArrayList;
import java.util.List;

/** UNION ALL as a concatenation; UNION (distinct) adds a Distinct. */
public final class DaftUnion extends org.apache.calcite.rel.core.Union implements DaftRel {
    public DaftUnion(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs, boolean all) {
        super(cluster, traits, List.of(), inputs, all);
    }

    @Override
    public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        return new DaftUnion(getCluster(), traitSet, inputs, all);
    }

    @Override
    public LogicalPlan toDaft() {
        List<LogicalPlan> parts = new ArrayList<>();
        for (RelNode in : getInputs()) {
            // every input in the union's names and types, so the concatenation lines up
            parts.add(DaftPlans.conform(DaftPlans.conform(DaftPlans.input(in), in.getRowType()), getRowType()));
        }
        LogicalPlan out = parts.size() == 1 ? parts.get(0) : new Concat(parts);
        return all ? out : new Distinct(out);
    }
}
