package io.daft.functions;

import io.daft.core.DataType;
import org.apache.arrow.vector.FieldVector;

import java.util.List;

/** A vectorized scalar function: whole argument columns in, one column out. */
public interface ScalarFunction {
    String name();

    /** Result type for these argument types; a {@link io.daft.core.DaftException} naming the function if they do not fit. */
    DataType returnType(List<DataType> argTypes);

    /**
     * Evaluates over {@code rowCount} rows. Arguments are owned by the caller; the result is owned by the
     * caller too (a new vector).
     */
    FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType);
}
