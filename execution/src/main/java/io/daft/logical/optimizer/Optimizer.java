package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.logical.LogicalPlan;

import java.util.List;

/** Runs the rewrite rules over a logical plan until it stops changing (bounded). */
public final class Optimizer {
    private static final int MAX_PASSES = 10;

    private final List<OptimizerRule> rules;

    public Optimizer(List<OptimizerRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Daft's default rule set. Pushdowns into scans only happen when {@code enable_pushdowns} is on. */
    public static Optimizer standard() {
        return new Optimizer(List.of(
                new FoldConstants(),
                new PushDownFilter(),
                new PushDownLimit(),
                new PushDownProjection()));
    }

    public LogicalPlan optimize(LogicalPlan plan, PlanningConfig config) {
        LogicalPlan current = plan;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            String before = current.treeString();
            for (OptimizerRule rule : rules) {
                current = rule.apply(current, config);
            }
            if (current.treeString().equals(before)) {
                break;
            }
        }
        return current;
    }
}
