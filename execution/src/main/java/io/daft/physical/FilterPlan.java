package io.daft.physical;

import io.daft.core.Schema;
import io.daft.dsl.Expr;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Keeps the rows where the predicate is true, per batch. */
public final class FilterPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final Expr predicate;

    public FilterPlan(PhysicalPlan input, Expr predicate) {
        this.input = requireNonNull(input, "input");
        this.predicate = requireNonNull(predicate, "predicate");
    }

    public Expr predicate() {
        return predicate;
    }

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of(input);
    }

    @Override
    public int numPartitions() {
        return input.numPartitions();
    }

    @Override
    public String describe() {
        return "Filter: " + predicate;
    }
}
