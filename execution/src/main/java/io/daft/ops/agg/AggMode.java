package io.daft.ops.agg;

/** Phase of a (possibly two-phase) aggregation. */
public enum AggMode {
    /** Raw input to final values in one step. */
    SINGLE,
    /** Raw input to per-group partial states (see {@link HashAggregator#partialSchema}). */
    PARTIAL,
    /** Partial states (already shuffled by group key) to final values. */
    FINAL
}
