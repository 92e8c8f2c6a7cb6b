package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.dsl.eval.Casts;
import io.daft.ops.ColumnData;
import io.daft.ops.ColumnKind;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

/** Writes window results into vectors of the call's declared output type. */
final class Outputs {
    private Outputs() {
    }

    /** Integer results (ranks, counts, integer sums) as the output field's integer or floating type. */
    static FieldVector longs(Field f, long[] values, boolean[] valid, int n) {
        switch (f.dataType().id()) {
            case INT8: return ColumnData.storeLongs(f, ColumnKind.INT8, values, valid, n);
            case INT16: return ColumnData.storeLongs(f, ColumnKind.INT16, values, valid, n);
            case INT32: return ColumnData.storeLongs(f, ColumnKind.INT32, values, valid, n);
            case INT64: return ColumnData.storeLongs(f, ColumnKind.INT64, values, valid, n);
            case FLOAT32:
            case FLOAT64: {
                double[] d = new double[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    d[i] = values[i];
                }
                return doubles(f, d, valid, n);
            }
            default:
                throw new DaftException("window function '" + f.name() + "' cannot produce " + f.dataType()
                        + " (it computes integers)");
        }
    }

    /** Floating results as the output field's FLOAT32/FLOAT64 type. */
    static FieldVector doubles(Field f, double[] values, boolean[] valid, int n) {
        switch (f.dataType().id()) {
            case FLOAT32: return ColumnData.storeDoubles(f, ColumnKind.FLOAT32, values, valid, n);
            case FLOAT64: return ColumnData.storeDoubles(f, ColumnKind.FLOAT64, values, valid, n);
            default:
                throw new DaftException("window function '" + f.name() + "' cannot produce " + f.dataType()
                        + " (it computes floating-point numbers)");
        }
    }

    /** {@code v} (consumed: closed here) converted to the output field's name and type. */
    static FieldVector conform(FieldVector v, Field f) {
        try {
            FieldVector typed = v;
            if (!Vectors.fieldOf(v).dataType().equals(f.dataType())) {
                typed = Casts.cast(v, f.dataType(), f.name());
            }
            try {
                return Vectors.rename(typed, f.name());
            } finally {
                if (typed != v) {
                    typed.close();
                }
            }
        } finally {
            v.close();
        }
    }
}
