package io.daft.physical;

import io.daft.core.Schema;
import io.daft.micropartition.MicroPartition;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Materialized partitions as the source of a plan. */
public final class InMemoryScan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    /** Arrow memory cannot be Java-serialized: runners that ship plans replace this node first. */
    private final transient List<MicroPartition> partitions;
    private final Schema schema;

    public InMemoryScan(Schema schema, List<MicroPartition> partitions) {
        this.schema = requireNonNull(schema, "schema");
        this.partitions = List.copyOf(partitions);
    }

    public List<MicroPartition> partitions() {
        return partitions;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of();
    }

    @Override
    public int numPartitions() {
        return Math.max(1, partitions.size());
    }

    @Override
    public String describe() {
        long rows = 0;
        for (MicroPartition p : partitions) {
            rows += p.rowCount();
        }
        return "InMemoryScan: " + rows + " rows, schema=" + schema.names();
    }
}
