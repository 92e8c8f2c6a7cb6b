package io.daft.ops.join;

/** Join types. SEMI and ANTI keep only left rows (with / without a match). */
public enum JoinType {
    INNER, LEFT, RIGHT, FULL, SEMI, ANTI
}
