package io.daft.calcite.rel;

import io.daft.core.DataType;
import io.daft.dsl.Expr;
import io.daft.logical.SortKey;
import io.daft.ops.window.FrameBound;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One window of a SQL query (one Calcite {@code Window.Group}) in Daft terms: partition and order keys over the
 * input's columns, and the functions computed over it, each appended as a new column. This is what a Daft
 * {@code Window} logical node needs to receive.
 */
public record WindowSpec(List<Expr> partitionBy, List<SortKey> orderBy, List<Function> functions) implements Serializable {
    public WindowSpec {
        partitionBy = List.copyOf(partitionBy);
        orderBy = List.copyOf(orderBy);
        functions = List.copyOf(functions);
    }

    /**
     * A frame bound: kind plus, for PRECEDING/FOLLOWING, the offset: rows, or for RANGE order-key units, or an
     * interval's milliseconds or months ({@code unit}).
     */
    public record Bound(Kind kind, Optional<Object> offset, FrameBound.Unit unit) implements Serializable {
        public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

        public Bound {
            requireNonNull(kind, "kind");
            requireNonNull(offset, "offset");
            requireNonNull(unit, "unit");
        }

        /** A bound without an interval offset. */
        public Bound(Kind kind, Optional<Object> offset) {
            this(kind, offset, FrameBound.Unit.KEY);
        }
    }

    /** {@code ROWS|RANGE BETWEEN lower AND upper}. */
    public record Frame(boolean rows, Bound lower, Bound upper) implements Serializable {
        public Frame {
            requireNonNull(lower, "lower");
            requireNonNull(upper, "upper");
        }
    }

    /**
     * One window function.
     *
     * @param function ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE,
     *                 LAST_VALUE, NTH_VALUE, SUM, SUM0 (SUM that is 0 on an empty frame), COUNT, COUNT_ALL, MIN,
     *                 MAX
     * @param argument the argument column, if any
     * @param offset LAG/LEAD distance, NTH_VALUE's n, NTILE's bucket count (literal), else 0
     * @param defaultValue LAG/LEAD's default, if given
     * @param ignoreNulls IGNORE NULLS
     * @param outputName the new column's name
     * @param outputType the new column's type (Calcite's)
     */
    public record Function(String function, Optional<Expr> argument, long offset, Optional<Expr> defaultValue, Frame frame,
                           boolean ignoreNulls, String outputName, DataType outputType) implements Serializable {
        public Function {
            requireNonNull(function, "function");
            requireNonNull(argument, "argument");
            requireNonNull(defaultValue, "defaultValue");
            requireNonNull(frame, "frame");
            requireNonNull(outputName, "outputName");
            requireNonNull(outputType, "outputType");
        }
    }
}
