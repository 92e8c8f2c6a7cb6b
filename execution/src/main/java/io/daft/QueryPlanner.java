package io.daft;

import io.daft.config.DaftContext;
import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.logical.LogicalPlan;
import io.daft.logical.optimizer.Optimizer;
import io.daft.physical.PhysicalPlan;
import io.daft.physical.PhysicalPlanner;

/** Logical plan to physical plan under the configs in force: optimize, then choose the physical strategy. */
public final class QueryPlanner {
    private QueryPlanner() {
    }

    public static LogicalPlan optimize(LogicalPlan plan) {
        return Optimizer.standard().optimize(plan, DaftContext.planningConfig());
    }

    public static PhysicalPlan toPhysical(LogicalPlan plan) {
        ExecutionConfig exec = DaftContext.executionConfig();
        PlanningConfig planning = DaftContext.planningConfig();
        return new PhysicalPlanner(exec, planning).plan(optimize(plan));
    }

    public static String explain(LogicalPlan plan, boolean showAll) {
        LogicalPlan optimized = optimize(plan);
        if (!showAll) {
            return "== Optimized Logical Plan ==\n" + optimized.treeString();
        }
        ExecutionConfig exec = DaftContext.executionConfig();
        PhysicalPlan physical = new PhysicalPlanner(exec, DaftContext.planningConfig()).plan(optimized);
        return "== Unoptimized Logical Plan ==\n" + plan.treeString()
                + "\n== Optimized Logical Plan ==\n" + optimized.treeString()
                + "\n== Physical Plan ==\n" + physical.treeString();
    }
}
