package io.daft.dsl;

/** Aggregation functions. */
public enum AggOp {
    /** Count of non-null values. */
    COUNT(true),
    /** Count of rows, nulls included ({@code count(*)}). */
    COUNT_ALL(true),
    COUNT_DISTINCT(false),
    SUM(true),
    MEAN(true),
    MIN(true),
    MAX(true),
    /** Sample standard deviation (SQL's {@code stddev}/{@code stddev_samp}). */
    STDDEV(true),
    STDDEV_POP(true),
    /** Sample variance (SQL's {@code variance}/{@code var_samp}). */
    VARIANCE(true),
    VAR_POP(true),
    BOOL_AND(true),
    BOOL_OR(true),
    ANY_VALUE(true);

    private final boolean decomposable;

    AggOp(boolean decomposable) {
        this.decomposable = decomposable;
    }

    /** Whether partial results per partition can be merged (two-phase aggregation); else the input is shuffled first. */
    public boolean decomposable() {
        return decomposable;
    }
}
