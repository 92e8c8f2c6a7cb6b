package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vectorised window-function kernel: evaluates window calls over a batch holding whole window partitions,
 * sorted by (partition columns, order columns).
 *
 * <p>Work is column-at-a-time. Partition and peer-group boundaries are found once per batch with one
 * type-specialised comparison loop per key column ({@link Boundaries}); each distinct frame is resolved once
 * into per-row [start, end) ranges ({@link Frames}); then each call is one or two primitive loops plus, for
 * value-returning functions, one gather of the input column. Semantics follow PostgreSQL and DuckDB (see
 * {@link WindowOp} and {@link WindowFrame}):
 * <ul>
 *   <li>peers are rows equal on every order column (nulls equal nulls, NaN equals NaN); without order columns
 *       the whole partition is one peer group;</li>
 *   <li>LAG/LEAD read within the partition (a negative offset reverses direction); rows whose source row lies
 *       outside take the default column's current value, or null;</li>
 *   <li>FIRST/LAST/NTH_VALUE respect nulls; aggregates skip nulls; an empty (or all-null) frame gives null, and
 *       COUNT gives 0;</li>
 *   <li>SUM: integers to Int64 (an error if a frame's sum does not fit), floats to Float64, decimals to
 *       Decimal(38, s) (an error beyond 38 digits); MEAN is Float64 (exact integer/decimal sums first);</li>
 *   <li>RANGE offsets need exactly one numeric or date order column (offsets in days for dates); a row whose
 *       order value is null or NaN has its peer group as its bounded frame ends, and an offset of 0 behaves as
 *       CURRENT ROW (as in PostgreSQL; DuckDB 1.4 differs for NaN and for zero offsets among peers);</li>
 *   <li>frames that start after the current row but end at or before it are rejected, as in PostgreSQL and
 *       DuckDB; frames that are merely empty (e.g. 1 PRECEDING to 3 PRECEDING) are allowed.</li>
 * </ul>
 */
public final class WindowEvaluator {
    private WindowEvaluator() {
    }

    /**
     * @param batch all rows of some window partitions, sorted by the partition columns and then the order
     *              columns (with their directions and null placement); the caller keeps ownership
     * @return a new batch (the caller owns it): the input columns (shared, not copied) followed by one column
     *         per call, named {@code call.outputName()} and typed {@code call.outputType()}
     */
    public static RecordBatch evaluate(RecordBatch batch, int[] partitionColumns, int[] orderColumns,
                                       boolean[] orderDescending, boolean[] orderNullsFirst, List<WindowCall> calls) {
        if (orderDescending.length != orderColumns.length || orderNullsFirst.length != orderColumns.length) {
            throw new DaftException("window has " + orderColumns.length + " order columns but "
                    + orderDescending.length + " direction and " + orderNullsFirst.length + " null-order flags");
        }
        for (WindowCall call : calls) {
            validate(call, batch);
        }
        List<Field> fields = new ArrayList<>(batch.schema().fields());
        for (WindowCall call : calls) {
            fields.add(Field.of(call.outputName(), call.outputType()));
        }
        Schema schema = new Schema(fields); // rejects duplicate names before anything is allocated
        WindowLayout layout = WindowLayout.of(batch, partitionColumns, orderColumns);
        Map<WindowFrame, Frames> frames = new HashMap<>();
        List<FieldVector> cols = new ArrayList<>(batch.numColumns() + calls.size());
        try {
            for (FieldVector c : batch.columns()) {
                cols.add(Vectors.share(c));
            }
            int base = batch.numColumns();
            for (int i = 0; i < calls.size(); i++) {
                cols.add(evaluate(calls.get(i), batch, layout, frames, orderColumns, orderDescending, orderNullsFirst,
                        fields.get(base + i)));
            }
            return RecordBatch.of(schema, cols, batch.rowCount());
        } catch (RuntimeException | Error e) {
            cols.forEach(FieldVector::close);
            throw e;
        }
    }

    private static FieldVector evaluate(WindowCall call, RecordBatch batch, WindowLayout layout,
                                        Map<WindowFrame, Frames> frames, int[] orderColumns, boolean[] desc,
                                        boolean[] nullsFirst, Field out) {
        switch (call.op()) {
            case ROW_NUMBER:
            case RANK:
            case DENSE_RANK:
            case PERCENT_RANK:
            case CUME_DIST:
            case NTILE:
                return Ranking.compute(call, layout, out);
            case LAG:
            case LEAD:
                return ValueFunctions.lagLead(call, batch, layout, out);
            default:
                break;
        }
        Frames f = frames.get(call.frame());
        if (f == null) {
            FieldVector orderColumn = orderColumns.length == 1 ? batch.column(orderColumns[0]) : null;
            f = Frames.of(call.frame(), layout, orderColumn, orderColumns.length == 1 && desc[0],
                    orderColumns.length == 1 && nullsFirst[0]);
            frames.put(call.frame(), f);
        }
        switch (call.op()) {
            case FIRST_VALUE:
            case LAST_VALUE:
            case NTH_VALUE:
                return ValueFunctions.frameValue(call, batch, f, layout.n, out);
            default:
                return FrameAggregates.compute(call, batch, layout, f, out);
        }
    }

    private static void validate(WindowCall call, RecordBatch batch) {
        boolean needsInput;
        switch (call.op()) {
            case ROW_NUMBER:
            case RANK:
            case DENSE_RANK:
            case PERCENT_RANK:
            case CUME_DIST:
            case NTILE:
            case COUNT_ALL:
                needsInput = false;
                break;
            default:
                needsInput = true;
        }
        if (needsInput && (call.inputColumn() < 0 || call.inputColumn() >= batch.numColumns())) {
            throw new DaftException("window function " + call.op() + " '" + call.outputName()
                    + "' needs an input column, got index " + call.inputColumn() + " of " + batch.numColumns());
        }
        if (call.defaultColumn() >= batch.numColumns()) {
            throw new DaftException("window function " + call.op() + " '" + call.outputName()
                    + "': default column index " + call.defaultColumn() + " out of range");
        }
    }
}
