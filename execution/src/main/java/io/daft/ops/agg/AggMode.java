package io.daft.ops.agg;

/** Phase of a two-phase aggregation. */
public enum AggMode {
    SINGLE, PARTIAL, FINAL
}
