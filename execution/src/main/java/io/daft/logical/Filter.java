package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.dsl.Expr;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Keeps the rows for which the predicate is true (null counts as false). */
public final class Filter extends LogicalPlan {
    private final LogicalPlan input;
    private final Expr predicate;

    public Filter(LogicalPlan input, Expr predicate) {
        this.input = requireNonNull(input, "input");
        this.predicate = requireNonNull(predicate, "predicate");
        DataType t = predicate.resolveType(input.schema());
        if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
            throw new DaftException("filter predicate must be boolean, got " + t + ": " + predicate);
        }
    }

    public Expr predicate() {
        return predicate;
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
        return new Filter(children.get(0), predicate);
    }

    @Override
    public String describe() {
        return "Filter: " + predicate;
    }
}
