package io.daft.ops.join;

import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BitVector;

import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * One hash join as its build and probe need it: the join's name (for errors and reservations), type, which side is
 * built, both sides' schemas and key columns, and the residual predicate.
 */
public record JoinSpec(String name, JoinType type, boolean buildIsLeft, Schema buildSchema, int[] buildKeys,
                       Schema probeSchema, int[] probeKeys, Optional<Function<RecordBatch, BitVector>> residual) {
    public JoinSpec {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(buildSchema, "buildSchema");
        requireNonNull(probeSchema, "probeSchema");
        buildKeys = buildKeys.clone();
        probeKeys = probeKeys.clone();
        requireNonNull(residual, "residual");
    }

    /** A probe of {@code table} (built from this join's build side). */
    public HashJoinProbe probe(JoinHashTable table) {
        return new HashJoinProbe(table, type, buildIsLeft, probeSchema, probeKeys, residual);
    }

    /** Builds the hash table over {@code batches} (which stay the caller's). */
    public JoinHashTable buildTable(java.util.List<RecordBatch> batches) {
        return JoinHashTable.build(batches, buildSchema, buildKeys);
    }

    /** Whether probe rows with no build row at all can produce output (outer rows, or anti-join survivors). */
    boolean probeRowsAloneEmit() {
        return type == JoinType.FULL || (type == JoinType.LEFT && !buildIsLeft) || (type == JoinType.RIGHT && buildIsLeft)
                || (type == JoinType.ANTI && !buildIsLeft);
    }

    /** Whether build rows with no probe row at all can produce output (outer rows, or anti-join survivors). */
    boolean buildRowsAloneEmit() {
        return type == JoinType.FULL || (type == JoinType.LEFT && buildIsLeft) || (type == JoinType.RIGHT && !buildIsLeft)
                || (type == JoinType.ANTI && buildIsLeft);
    }
}
