package io.daft.ops.join;

/** Join semantics. SEMI and ANTI return only the left side's columns. */
public enum JoinType {
    INNER,
    LEFT,
    RIGHT,
    FULL,
    /** Left rows with at least one match (each once). */
    SEMI,
    /** Left rows with no match (a null key never matches, so such rows are kept). */
    ANTI
}
