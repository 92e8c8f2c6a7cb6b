package io.daft.ops.window;

import io.daft.core.DataType;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * One window function over plain input columns of the (partitioned, sorted) batch.
 *
 * @param op the function
 * @param inputColumn its argument column, -1 for none (ROW_NUMBER, RANK, COUNT_ALL, ...)
 * @param offset LAG/LEAD distance (default 1), NTH_VALUE's n, NTILE's bucket count
 * @param defaultColumn LAG/LEAD's default-value column, -1 for null
 * @param frame the frame (aggregates, FIRST/LAST/NTH_VALUE)
 * @param outputName the result column's name
 * @param outputType the result column's type
 */
public record WindowCall(WindowOp op, int inputColumn, long offset, int defaultColumn, WindowFrame frame,
                         String outputName, DataType outputType) implements Serializable {
    public WindowCall {
        requireNonNull(op, "op");
        requireNonNull(frame, "frame");
        requireNonNull(outputName, "outputName");
        requireNonNull(outputType, "outputType");
    }
}
