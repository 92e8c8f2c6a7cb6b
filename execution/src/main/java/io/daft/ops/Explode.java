package io.daft.ops;

import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.dsl.eval.Columns;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;

import java.util.ArrayList;
import java.util.List;

/**
 * The explode kernel: from the list column's offsets it computes, per output row, the input row (to gather the other
 * columns with one {@link Vectors#take} each) and the element's index in the list's child column (one take of the
 * child), so no value is touched row by row.
 */
public final class Explode {
    private Explode() {
    }

    /**
     * Explodes column {@code column} of {@code in} (a list or map column) into {@code outSchema}
     * ({@link io.daft.logical.Explode#outputSchema}); with {@code outer} a NULL or empty list keeps its row with a
     * NULL element; with {@code ordinality} the last column is the element's 1-based position.
     */
    public static RecordBatch explode(RecordBatch in, int column, boolean outer, boolean ordinality, Schema outSchema) {
        ListVector list = (ListVector) in.column(column);
        int n = in.rowCount();
        ArrowBuf offsets = list.getOffsetBuffer();
        int[] start = new int[n];
        int[] length = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (!list.isNull(i)) {
                start[i] = offsets.getInt((long) i * ListVector.OFFSET_WIDTH);
                length[i] = offsets.getInt((long) (i + 1) * ListVector.OFFSET_WIDTH) - start[i];
            }
            total += length[i] > 0 ? length[i] : outer ? 1 : 0;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new io.daft.core.DaftException("explode of column '" + in.schema().field(column).name()
                    + "' gives more than 2^31 rows in one batch");
        }
        int m = (int) total;
        int[] rows = new int[m];
        int[] elements = new int[m];
        long[] position = ordinality ? new long[m] : null;
        byte[] positionValid = ordinality ? new byte[Columns.bitmapBytes(m)] : null;
        int k = 0;
        for (int i = 0; i < n; i++) {
            int len = length[i];
            if (len == 0) {
                if (outer) {
                    rows[k] = i;
                    elements[k] = -1;
                    k++;
                }
                continue;
            }
            int s = start[i];
            for (int j = 0; j < len; j++) {
                rows[k] = i;
                elements[k] = s + j;
                if (ordinality) {
                    position[k] = j + 1;
                    Columns.set(positionValid, k);
                }
                k++;
            }
        }
        List<FieldVector> cols = new ArrayList<>(outSchema.size());
        try {
            for (int c = 0; c < in.numColumns(); c++) {
                String name = outSchema.field(c).name();
                if (c == column) {
                    try (FieldVector taken = Vectors.take(list.getDataVector(), elements, m)) {
                        cols.add(Vectors.rename(taken, name));
                    }
                } else {
                    cols.add(Vectors.take(in.column(c), rows, m));
                }
            }
            if (ordinality) {
                cols.add(Columns.fromLongs(outSchema.field(outSchema.size() - 1).name(), DataType.INT32, position, positionValid, m));
            }
        } catch (RuntimeException e) {
            cols.forEach(FieldVector::close);
            throw e;
        }
        return RecordBatch.of(outSchema, cols, m);
    }
}
