package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.dsl.Alias;
import io.daft.dsl.Expr;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

import java.util.ArrayList;
import java.util.List;

/** SELECT list expressions. */
public final class DaftProject extends org.apache.calcite.rel.core.Project implements DaftRel {
    public DaftProject(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<? extends RexNode> projects, RelDataType rowType) {
        super(cluster, traits, List.of(), input, projects, rowType, java.util.Set.of());
    }

    @Override
    public DaftProject copy(RelTraitSet traitSet, RelNode input, List<RexNode> projects, RelDataType rowType) {
        return new DaftProject(getCluster(), traitSet, input, projects, rowType);
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan in = DaftPlans.conform(DaftPlans.input(getInput()), getInput().getRowType());
        return translate(in, getCluster().getRexBuilder(), getProjects(), getRowType());
    }

    static LogicalPlan translate(LogicalPlan in, org.apache.calcite.rex.RexBuilder rexBuilder, List<RexNode> projects, RelDataType rowType) {
        RexToDaft rex = new RexToDaft(rexBuilder, in.schema());
        List<String> names = DaftTypes.uniqueNames(rowType);
        List<Expr> exprs = new ArrayList<>(projects.size());
        for (int i = 0; i < projects.size(); i++) {
            Expr e = rex.coerce(rex.translate(projects.get(i)), rowType.getFieldList().get(i).getType());
            exprs.add(new Alias(e, names.get(i)));
        }
        return new Project(in, exprs);
    }
}
