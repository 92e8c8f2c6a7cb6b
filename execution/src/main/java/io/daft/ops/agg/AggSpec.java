package io.daft.ops.agg;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.dsl.AggOp;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One aggregate over an already evaluated input column: {@code op(input[inputColumn]) AS outputName}.
 * {@code inputColumn} is -1 for {@link AggOp#COUNT_ALL} (whose {@code inputType} may then be null).
 * In FINAL mode {@code inputColumn} is ignored (the state columns are found by position) but
 * {@code inputType} must still be the type of the original input.
 *
 * <p>Partial state layout per op (the columns an aggregator in PARTIAL mode emits for this aggregate, in order;
 * {@code n} = outputName):
 * <ul>
 * <li>COUNT, COUNT_ALL: {@code n: Int64 not null} (the count)</li>
 * <li>SUM: {@code n: <sum type>} (null if no non-null value yet)</li>
 * <li>MEAN: {@code n$sum: Float64, n$count: Int64}</li>
 * <li>MIN, MAX, ANY_VALUE: {@code n: <input type>}</li>
 * <li>STDDEV, STDDEV_POP, VARIANCE, VAR_POP: {@code n$count: Int64, n$mean: Float64, n$m2: Float64}
 * (Welford state, merged with Chan's formula)</li>
 * <li>BOOL_AND, BOOL_OR: {@code n: Boolean}</li>
 * <li>COUNT_DISTINCT: {@code n: <input type>}, one distinct value per row: a group's set of distinct values is
 * spread over rows of its own, whose other state columns hold their identity (0 counts, nulls). Only spilling
 * aggregations write this state; the planner runs COUNT_DISTINCT in SINGLE mode after a shuffle by group key.</li>
 * </ul>
 */
public record AggSpec(AggOp op, int inputColumn, String outputName, DataType inputType) {
    public AggSpec {
        requireNonNull(op, "op");
        requireNonNull(outputName, "outputName");
        if (op != AggOp.COUNT_ALL) {
            requireNonNull(inputType, "inputType");
            if (inputColumn < 0) {
                throw new IllegalArgumentException(op + " needs an input column");
            }
        }
    }

    public static AggSpec countAll(String outputName) {
        return new AggSpec(AggOp.COUNT_ALL, -1, outputName, null);
    }

    /** The final result type, as {@link io.daft.dsl.AggExpr#resolveType} defines it. */
    public DataType resultType() {
        if (op == AggOp.COUNT_ALL || op == AggOp.COUNT || op == AggOp.COUNT_DISTINCT) {
            return DataType.INT64;
        }
        DataType t = inputType;
        switch (op) {
            case SUM:
                if (t.isInteger() || t.id() == TypeId.BOOLEAN || t.id() == TypeId.NULL) {
                    return DataType.INT64;
                }
                if (t.isFloating()) {
                    return DataType.FLOAT64;
                }
                if (t.id() == TypeId.DECIMAL) {
                    return DataType.decimal(DataType.MAX_DECIMAL_PRECISION, t.scale());
                }
                throw new DaftException("sum needs numbers, got " + t + " for '" + outputName + "'");
            case MEAN:
            case STDDEV:
            case STDDEV_POP:
            case VARIANCE:
            case VAR_POP:
                if (!t.isNumeric() && t.id() != TypeId.NULL) {
                    throw new DaftException(op.name().toLowerCase() + " needs numbers, got " + t + " for '" + outputName + "'");
                }
                return DataType.FLOAT64;
            case BOOL_AND:
            case BOOL_OR:
                if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
                    throw new DaftException(op.name().toLowerCase() + " needs booleans, got " + t + " for '" + outputName + "'");
                }
                return DataType.BOOLEAN;
            case MIN:
            case MAX:
            case ANY_VALUE:
                if (t.isNested()) {
                    throw new DaftException(op.name().toLowerCase() + " is not supported for " + t + " (column '" + outputName + "')");
                }
                return t;
            default:
                throw new AssertionError(op);
        }
    }

    public Field resultField() {
        boolean nullable = !(op == AggOp.COUNT || op == AggOp.COUNT_ALL || op == AggOp.COUNT_DISTINCT);
        return new Field(outputName, resultType(), nullable);
    }

    /** The partial state columns (see the class comment). */
    public List<Field> stateFields() {
        switch (op) {
            case COUNT:
            case COUNT_ALL:
                return List.of(new Field(outputName, DataType.INT64, false));
            case SUM:
            case MIN:
            case MAX:
            case ANY_VALUE:
            case BOOL_AND:
            case BOOL_OR:
                return List.of(Field.of(outputName, resultType()));
            case MEAN:
                resultType();
                return List.of(Field.of(outputName + "$sum", DataType.FLOAT64),
                        new Field(outputName + "$count", DataType.INT64, false));
            case STDDEV:
            case STDDEV_POP:
            case VARIANCE:
            case VAR_POP:
                resultType();
                return List.of(new Field(outputName + "$count", DataType.INT64, false),
                        Field.of(outputName + "$mean", DataType.FLOAT64),
                        Field.of(outputName + "$m2", DataType.FLOAT64));
            case COUNT_DISTINCT:
                return List.of(Field.of(outputName, inputType));
            default:
                throw new AssertionError(op);
        }
    }
}
