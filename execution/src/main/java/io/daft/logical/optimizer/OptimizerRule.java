package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.logical.LogicalPlan;

/** One rewrite of the logical plan that keeps its results unchanged. */
public interface OptimizerRule {
    String name();

    LogicalPlan apply(LogicalPlan plan, PlanningConfig config);
}
