package io.daft.calcite.rel;

import io.daft.calcite.DaftRules;
import io.daft.calcite.DaftTable;
import io.daft.logical.LogicalPlan;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

import java.util.List;

/** Reads a {@link DaftTable}; registering it installs the Daft rules in the planner. */
public final class DaftTableScan extends TableScan implements DaftRel {
    private final DaftTable table;

    public DaftTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable relTable, DaftTable table) {
        super(cluster, traits, List.of(), relTable);
        this.table = table;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new DaftTableScan(getCluster(), traitSet, getTable(), table);
    }

    @Override
    public void register(RelOptPlanner planner) {
        DaftRules.register(planner);
    }

    @Override
    public LogicalPlan toDaft() {
        return DaftPlans.conform(table.toDaftPlan(), getRowType());
    }
}
