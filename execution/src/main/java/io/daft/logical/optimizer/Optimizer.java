package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.logical.LogicalPlan;

import java.util.List;

/** Runs the rewrite rules over a logical plan until it stops changing (bounded). */
public final class Optimizer {
    private static final int MAX_PASSES = 10;

    private final List<OptimizerRule> rules;
    private final List<OptimizerRule> once;

    public Optimizer(List<OptimizerRule> rules) {
        this(rules, List.of());
    }

    /**
     * {@code rules} run to a fixpoint; then each of {@code once} runs a single time (rules that add conditions
     * and would not reach a fixpoint), followed by another fixpoint of {@code rules} if it changed the plan.
     */
    public Optimizer(List<OptimizerRule> rules, List<OptimizerRule> once) {
        this.rules = List.copyOf(rules);
        this.once = List.copyOf(once);
    }

    /** Daft's default rule set. Pushdowns into scans only happen when {@code enable_pushdowns} is on. */
    public static Optimizer standard() {
        return new Optimizer(List.of(
                new FoldConstants(),
                new PushDownFilter(),
                new PushDownLimit(),
                new PushDownProjection()),
                List.of(new DeriveJoinFilters(), new SemiJoinReduction()));
    }

    public LogicalPlan optimize(LogicalPlan plan, PlanningConfig config) {
        LogicalPlan current = fixpoint(plan, config);
        for (OptimizerRule rule : once) {
            String before = current.treeString();
            current = rule.apply(current, config);
            if (!current.treeString().equals(before)) {
                current = fixpoint(current, config);
            }
        }
        return current;
    }

    private LogicalPlan fixpoint(LogicalPlan plan, PlanningConfig config) {
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
