package io.daft.logical;

import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Removes duplicate rows (nulls equal each other here, as in SQL's DISTINCT). */
public final class Distinct extends LogicalPlan {
    private final LogicalPlan input;

    public Distinct(LogicalPlan input) {
        this.input = requireNonNull(input, "input");
    }

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Distinct(children.get(0));
    }

    @Override
    public String describe() {
        return "Distinct";
    }
}
