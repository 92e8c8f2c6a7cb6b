package io.daft.physical;

import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Moves rows between partitions: a stage boundary. Everything below runs (in parallel, per partition) before
 * anything above reads the exchanged partitions.
 */
public final class Exchange extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final Partitioning partitioning;

    public Exchange(PhysicalPlan input, Partitioning partitioning) {
        this.input = requireNonNull(input, "input");
        this.partitioning = requireNonNull(partitioning, "partitioning");
    }

    public Partitioning partitioning() {
        return partitioning;
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
        return partitioning.numPartitions();
    }

    @Override
    public String describe() {
        return "Exchange: " + partitioning;
    }
}
