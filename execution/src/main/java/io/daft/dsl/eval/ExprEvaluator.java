package io.daft.dsl.eval;

import io.daft.dsl.Expr;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

/** Vectorized evaluation of expressions over a batch. */
public final class ExprEvaluator {
    private ExprEvaluator() {
    }

    /** Evaluates {@code expr} over every row of {@code batch}; the caller owns (closes) the result. */
    public static FieldVector eval(Expr expr, RecordBatch batch) {
        throw new UnsupportedOperationException("not yet implemented: " + expr);
    }
}
