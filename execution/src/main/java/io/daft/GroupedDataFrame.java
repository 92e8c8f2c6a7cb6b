package io.daft;

import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.logical.Aggregate;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A DataFrame grouped by keys, waiting for its aggregations ({@code df.groupBy("k").sum("v")}). */
public final class GroupedDataFrame {
    private final DataFrame input;
    private final List<Expr> keys;

    GroupedDataFrame(DataFrame input, List<Expr> keys) {
        this.input = requireNonNull(input, "input");
        this.keys = List.copyOf(keys);
    }

    /** Group keys, then one column per aggregation. */
    public DataFrame agg(AggExpr... aggs) {
        return new DataFrame(new Aggregate(input.logicalPlan(), keys, Arrays.asList(aggs)));
    }

    public DataFrame sum(String... columns) {
        return agg(aggs(AggOp.SUM, columns));
    }

    public DataFrame mean(String... columns) {
        return agg(aggs(AggOp.MEAN, columns));
    }

    public DataFrame min(String... columns) {
        return agg(aggs(AggOp.MIN, columns));
    }

    public DataFrame max(String... columns) {
        return agg(aggs(AggOp.MAX, columns));
    }

    /** Non-null counts of the columns; with no columns, the row count per group as {@code count}. */
    public DataFrame count(String... columns) {
        if (columns.length == 0) {
            return agg(AggExpr.countAll("count"));
        }
        return agg(aggs(AggOp.COUNT, columns));
    }

    static AggExpr[] aggs(AggOp op, String... columns) {
        AggExpr[] out = new AggExpr[columns.length];
        for (int i = 0; i < columns.length; i++) {
            out[i] = AggExpr.of(op, new ColumnRef(columns[i]));
        }
        return out;
    }
}
