package io.daft.logical.optimizer;

import io.daft.logical.LogicalPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Tree traversal helpers for rules. */
final class PlanRewrites {
    private PlanRewrites() {
    }

    /** Rewrites children first, then the node. */
    static LogicalPlan transformUp(LogicalPlan plan, UnaryOperator<LogicalPlan> f) {
        LogicalPlan rebuilt = withNewChildren(plan, c -> transformUp(c, f));
        return f.apply(rebuilt);
    }

    /** Rewrites the node first, then the children of the result. */
    static LogicalPlan transformDown(LogicalPlan plan, UnaryOperator<LogicalPlan> f) {
        LogicalPlan top = f.apply(plan);
        return withNewChildren(top, c -> transformDown(c, f));
    }

    static LogicalPlan withNewChildren(LogicalPlan plan, UnaryOperator<LogicalPlan> f) {
        List<LogicalPlan> children = plan.children();
        if (children.isEmpty()) {
            return plan;
        }
        List<LogicalPlan> next = new ArrayList<>(children.size());
        boolean changed = false;
        for (LogicalPlan c : children) {
            LogicalPlan n = f.apply(c);
            changed |= n != c;
            next.add(n);
        }
        return changed ? plan.withChildren(next) : plan;
    }
}
