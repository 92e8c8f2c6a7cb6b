package io.daft.logical;

import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Orders all rows by the keys. */
public final class Sort extends LogicalPlan {
    private final LogicalPlan input;
    private final List<SortKey> keys;

    public Sort(LogicalPlan input, List<SortKey> keys) {
        this.input = requireNonNull(input, "input");
        this.keys = List.copyOf(keys);
        for (SortKey k : keys) {
            k.expr().resolveType(input.schema());
        }
    }

    public List<SortKey> keys() {
        return keys;
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
        return new Sort(children.get(0), keys);
    }

    @Override
    public String describe() {
        return "Sort: " + keys;
    }
}
