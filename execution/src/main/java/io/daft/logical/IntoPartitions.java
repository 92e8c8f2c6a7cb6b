package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Exactly {@code n} partitions by splitting or coalescing neighbours; row order is kept. */
public final class IntoPartitions extends LogicalPlan {
    private final LogicalPlan input;
    private final int numPartitions;

    public IntoPartitions(LogicalPlan input, int numPartitions) {
        this.input = requireNonNull(input, "input");
        if (numPartitions < 1) {
            throw new DaftException("into_partitions needs at least 1 partition, got " + numPartitions);
        }
        this.numPartitions = numPartitions;
    }

    public int numPartitions() {
        return numPartitions;
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
        return new IntoPartitions(children.get(0), numPartitions);
    }

    @Override
    public String describe() {
        return "IntoPartitions: " + numPartitions;
    }
}
