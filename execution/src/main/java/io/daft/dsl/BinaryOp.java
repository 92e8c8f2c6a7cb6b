package io.daft.dsl;

/** Binary operators. Comparisons yield booleans; AND/OR use SQL three-valued logic. */
public enum BinaryOp {
    PLUS("+"), MINUS("-"), MULTIPLY("*"),
    /** True division: integers divide as Float64 (Daft's and DuckDB's {@code /}); decimals stay decimal. */
    DIVIDE("/"),
    /** Integer division truncating toward zero (SQL's {@code /} on integers). */
    INT_DIVIDE("//"),
    MODULO("%"),
    EQ("="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">="),
    /** {@code IS NOT DISTINCT FROM}: nulls compare equal, never yields null. */
    EQ_NULL_SAFE("<=>"),
    AND("AND"), OR("OR");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isComparison() {
        return this == EQ || this == NEQ || this == LT || this == LTE || this == GT || this == GTE || this == EQ_NULL_SAFE;
    }

    public boolean isArithmetic() {
        return this == PLUS || this == MINUS || this == MULTIPLY || this == DIVIDE || this == INT_DIVIDE || this == MODULO;
    }

    public boolean isLogical() {
        return this == AND || this == OR;
    }
}
