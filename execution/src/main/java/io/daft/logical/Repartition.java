package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.dsl.Expr;

import java.util.List;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Redistributes rows into partitions: by hash of the key expressions, or at random when there are none.
 * Without a count, {@code num_partitions} from the execution config decides.
 */
public final class Repartition extends LogicalPlan {
    private final LogicalPlan input;
    private final OptionalInt numPartitions;
    private final List<Expr> hashKeys;

    public Repartition(LogicalPlan input, OptionalInt numPartitions, List<Expr> hashKeys) {
        this.input = requireNonNull(input, "input");
        this.numPartitions = requireNonNull(numPartitions, "numPartitions");
        this.hashKeys = List.copyOf(hashKeys);
        if (numPartitions.isPresent() && numPartitions.getAsInt() < 1) {
            throw new DaftException("repartition needs at least 1 partition, got " + numPartitions.getAsInt());
        }
        for (Expr k : hashKeys) {
            k.resolveType(input.schema());
        }
    }

    public OptionalInt numPartitions() {
        return numPartitions;
    }

    public List<Expr> hashKeys() {
        return hashKeys;
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
        return new Repartition(children.get(0), numPartitions, hashKeys);
    }

    @Override
    public String describe() {
        String n = numPartitions.isPresent() ? String.valueOf(numPartitions.getAsInt()) : "num_partitions";
        return "Repartition: " + (hashKeys.isEmpty() ? "random" : "hash " + hashKeys) + " into " + n;
    }
}
