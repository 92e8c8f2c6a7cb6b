package io.daft.physical;

import io.daft.core.Schema;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionSetRef;
import io.daft.micropartition.PartitionSets;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Materialized partitions as the source of a plan, by reference: the node carries a {@link PartitionSetRef}, and
 * the runner resolves it where the task runs (so the node serializes like any other).
 */
public final class InMemoryScan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PartitionSetRef partitionSet;
    /** Keeps the registered partitions reachable while this plan is, in the JVM that planned it; never read. */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final transient List<MicroPartition> keepAlive;

    /** Registers {@code partitions} with {@link PartitionSets} and refers to them. */
    public InMemoryScan(Schema schema, List<MicroPartition> partitions) {
        this.keepAlive = List.copyOf(partitions);
        this.partitionSet = PartitionSets.register(requireNonNull(schema, "schema"), keepAlive);
    }

    /** A scan of partitions registered elsewhere (by the runner of this JVM). */
    public InMemoryScan(PartitionSetRef partitionSet) {
        this.partitionSet = requireNonNull(partitionSet, "partitionSet");
        this.keepAlive = null;
    }

    public PartitionSetRef partitionSet() {
        return partitionSet;
    }

    @Override
    public Schema schema() {
        return partitionSet.schema();
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of();
    }

    @Override
    public int numPartitions() {
        return Math.max(1, partitionSet.numPartitions());
    }

    @Override
    public String describe() {
        return "InMemoryScan: " + partitionSet.rows() + " rows, schema=" + partitionSet.schema().names();
    }
}
