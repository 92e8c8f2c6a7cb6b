package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.dsl.Expr;
import io.daft.dsl.Literal;
import io.daft.dsl.eval.ConstantFolder;
import io.daft.logical.Filter;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Evaluates literal-only subexpressions once at planning time; drops filters that are always true. */
public final class FoldConstants implements OptimizerRule {
    @Override
    public String name() {
        return "fold_constants";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan, PlanningConfig config) {
        return PlanRewrites.transformUp(plan, node -> {
            if (node instanceof Filter) {
                Filter f = (Filter) node;
                Expr folded = ConstantFolder.fold(f.predicate());
                if (folded instanceof Literal && ((Literal) folded).value().equals(Optional.of(Boolean.TRUE))) {
                    return f.child();
                }
                return folded.equals(f.predicate()) ? f : new Filter(f.child(), folded);
            }
            if (node instanceof Project) {
                Project p = (Project) node;
                List<Expr> out = new ArrayList<>();
                boolean changed = false;
                for (Expr e : p.projection()) {
                    Expr folded = ConstantFolder.fold(e);
                    if (!folded.name().equals(e.name())) {
                        folded = folded.alias(e.name());
                    }
                    changed |= !folded.equals(e);
                    out.add(folded);
                }
                return changed ? new Project(p.child(), out) : p;
            }
            return node;
        });
    }
}
