package io.daft.logical;

import io.daft.dsl.Expr;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/** One sort key. Nulls default to last when ascending and first when descending, as in Daft and DuckDB. */
public record SortKey(Expr expr, boolean descending, boolean nullsFirst) implements Serializable {
    public SortKey {
        requireNonNull(expr, "expr");
    }

    public static SortKey asc(Expr e) {
        return new SortKey(e, false, false);
    }

    public static SortKey desc(Expr e) {
        return new SortKey(e, true, true);
    }

    @Override
    public String toString() {
        return expr + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
