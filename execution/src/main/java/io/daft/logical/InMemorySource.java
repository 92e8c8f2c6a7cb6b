package io.daft.logical;

import io.daft.core.Schema;
import io.daft.micropartition.MicroPartition;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Already materialized partitions (a collected DataFrame, or data made in memory). */
public final class InMemorySource extends LogicalPlan {
    private final List<MicroPartition> partitions;
    private final Schema schema;

    public InMemorySource(Schema schema, List<MicroPartition> partitions) {
        this.schema = requireNonNull(schema, "schema");
        this.partitions = List.copyOf(partitions);
    }

    public List<MicroPartition> partitions() {
        return partitions;
    }

    public long rowCount() {
        long n = 0;
        for (MicroPartition p : partitions) {
            n += p.rowCount();
        }
        return n;
    }

    public long sizeBytes() {
        long n = 0;
        for (MicroPartition p : partitions) {
            n += p.sizeBytes();
        }
        return n;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of();
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return this;
    }

    @Override
    public String describe() {
        return "InMemorySource: " + partitions.size() + " partitions, " + rowCount() + " rows, schema=" + schema;
    }
}
