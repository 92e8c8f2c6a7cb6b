package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.dsl.eval.Casts;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.List;

/**
 * LAG, LEAD, FIRST_VALUE, LAST_VALUE and NTH_VALUE: each row's source row is computed as an index (one loop,
 * no values touched), then the input column is gathered once with {@link Vectors#take}, which works for every
 * type including strings and nested values. Nulls are respected (a null at the source row gives null).
 */
final class ValueFunctions {
    private ValueFunctions() {
    }

    static FieldVector lagLead(WindowCall call, RecordBatch batch, WindowLayout l, Field out) {
        int n = l.n;
        long off = call.op() == WindowOp.LAG ? -call.offset() : call.offset();
        int[] idx = new int[Math.max(n, 1)];
        boolean withDefault = call.defaultColumn() >= 0;
        for (int i = 0; i < n; i++) {
            long src = i + off;
            boolean inside = src >= l.partStart[i] && src < l.partEnd[i];
            // rows outside the partition read the default column's current row, stored after the input rows
            idx[i] = inside ? (int) src : withDefault ? n + i : -1;
        }
        FieldVector input = batch.column(call.inputColumn());
        if (!withDefault) {
            return Outputs.conform(Vectors.take(input, idx, n), out);
        }
        FieldVector value = Casts.cast(input, out.dataType(), call.outputName());
        try (FieldVector dflt = Casts.cast(batch.column(call.defaultColumn()), out.dataType(), call.outputName())) {
            try (FieldVector both = Vectors.concat(List.of(value, dflt))) {
                return Outputs.conform(Vectors.take(both, idx, n), out);
            }
        } finally {
            value.close();
        }
    }

    static FieldVector frameValue(WindowCall call, RecordBatch batch, Frames f, int n, Field out) {
        int[] idx = new int[Math.max(n, 1)];
        int[] s = f.start;
        int[] e = f.end;
        switch (call.op()) {
            case FIRST_VALUE:
                for (int i = 0; i < n; i++) {
                    idx[i] = s[i] < e[i] ? s[i] : -1;
                }
                break;
            case LAST_VALUE:
                for (int i = 0; i < n; i++) {
                    idx[i] = s[i] < e[i] ? e[i] - 1 : -1;
                }
                break;
            case NTH_VALUE: {
                long nth = call.offset();
                if (nth <= 0) {
                    throw new DaftException("NTH_VALUE '" + call.outputName() + "': n must be positive, got " + nth);
                }
                for (int i = 0; i < n; i++) {
                    long p = s[i] + nth - 1;
                    idx[i] = p < e[i] ? (int) p : -1;
                }
                break;
            }
            default:
                throw new AssertionError(call.op());
        }
        return Outputs.conform(Vectors.take(batch.column(call.inputColumn()), idx, n), out);
    }
}
