package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.logical.Limit;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.logical.Source;
import io.daft.scan.Pushdowns;

import java.util.List;

/**
 * Merges stacked limits, moves limits below projections and tells scans how many rows can be needed at
 * most (when {@code enable_pushdowns} is on and no filter runs in the scan), so they stop reading early.
 */
public final class PushDownLimit implements OptimizerRule {
    @Override
    public String name() {
        return "push_down_limit";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan, PlanningConfig config) {
        return PlanRewrites.transformDown(plan, node -> node instanceof Limit ? push((Limit) node, config) : node);
    }

    private LogicalPlan push(Limit limit, PlanningConfig config) {
        LogicalPlan child = limit.child();
        if (child instanceof Limit) {
            Limit inner = (Limit) child;
            // outer skips `o2` of inner's output (rows inner.offset .. inner.offset+inner.limit), keeps `l2`
            long start = saturatedAdd(inner.offset(), limit.offset());
            long end = Math.min(saturatedAdd(inner.offset(), inner.limit()), saturatedAdd(start, limit.limit()));
            return push(new Limit(inner.child(), Math.max(0, end - start), start), config);
        }
        if (child instanceof Project) {
            Project p = (Project) child;
            return new Project(push(new Limit(p.child(), limit.limit(), limit.offset()), config), p.projection());
        }
        if (child instanceof Source && config.enablePushdowns()) {
            Source s = (Source) child;
            Pushdowns p = s.pushdowns();
            long needed = saturatedAdd(limit.limit(), limit.offset());
            if (p.filter().isEmpty() && (p.limit().isEmpty() || p.limit().getAsLong() > needed)) {
                return limit.withChildren(List.of(s.withPushdowns(p.withLimit(needed))));
            }
        }
        return limit;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
