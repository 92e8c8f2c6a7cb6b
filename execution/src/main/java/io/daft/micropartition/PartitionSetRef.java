package io.daft.micropartition;

import io.daft.core.Schema;

import java.io.Serializable;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * A serializable reference to a set of materialized partitions (a collected DataFrame), as Daft's partition cache
 * key: plans carry the reference, never the partitions, and each runner resolves it where its tasks run (the
 * native runner through {@link PartitionSets}; a cluster runner from wherever it shipped the partitions).
 */
public final class PartitionSetRef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final Schema schema;
    private final int numPartitions;
    private final long rows;
    private final long sizeBytes;

    public PartitionSetRef(String id, Schema schema, int numPartitions, long rows, long sizeBytes) {
        this.id = requireNonNull(id, "id");
        this.schema = requireNonNull(schema, "schema");
        if (numPartitions < 0) {
            throw new IllegalArgumentException("negative partition count " + numPartitions);
        }
        this.numPartitions = numPartitions;
        this.rows = rows;
        this.sizeBytes = sizeBytes;
    }

    public String id() {
        return id;
    }

    public Schema schema() {
        return schema;
    }

    /** Partitions in the set (0 for an empty set). */
    public int numPartitions() {
        return numPartitions;
    }

    public long rows() {
        return rows;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionSetRef && id.equals(((PartitionSetRef) o).id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }

    @Override
    public String toString() {
        return "PartitionSet[" + id + ", " + numPartitions + " partitions, " + rows + " rows]";
    }
}
