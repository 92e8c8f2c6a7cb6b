package io.daft.recordbatch;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a batch from rows of Java values (the inverse of {@link Values}); for small data made in code, such
 * as SQL VALUES lists and tests. Not for bulk data.
 */
public final class RowsToBatch {
    private RowsToBatch() {
    }

    public static RecordBatch build(Schema schema, List<List<Object>> rows) {
        List<FieldVector> cols = new ArrayList<>(schema.size());
        try {
            for (int c = 0; c < schema.size(); c++) {
                Field f = schema.field(c);
                FieldVector v = Vectors.allocate(f, rows.size());
                cols.add(v);
                for (int r = 0; r < rows.size(); r++) {
                    set(v, f, r, rows.get(r).get(c));
                }
                v.setValueCount(rows.size());
            }
        } catch (RuntimeException e) {
            cols.forEach(FieldVector::close);
            throw e;
        }
        return RecordBatch.of(schema, cols, rows.size());
    }

    private static void set(FieldVector v, Field f, int r, Object o) {
        if (o == null) {
            v.setNull(r);
            return;
        }
        DataType t = f.dataType();
        try {
            switch (t.id()) {
                case BOOLEAN: ((BitVector) v).setSafe(r, ((Boolean) o) ? 1 : 0); break;
                case INT8: ((TinyIntVector) v).setSafe(r, ((Number) o).byteValue()); break;
                case INT16: ((SmallIntVector) v).setSafe(r, ((Number) o).shortValue()); break;
                case INT32: ((IntVector) v).setSafe(r, ((Number) o).intValue()); break;
                case INT64: ((BigIntVector) v).setSafe(r, ((Number) o).longValue()); break;
                case FLOAT32: ((Float4Vector) v).setSafe(r, ((Number) o).floatValue()); break;
                case FLOAT64: ((Float8Vector) v).setSafe(r, ((Number) o).doubleValue()); break;
                case DECIMAL: {
                    BigDecimal d = o instanceof BigDecimal ? (BigDecimal) o : new BigDecimal(o.toString());
                    ((DecimalVector) v).setSafe(r, d.setScale(t.scale(), RoundingMode.HALF_UP));
                    break;
                }
                case UTF8: ((VarCharVector) v).setSafe(r, o.toString().getBytes(StandardCharsets.UTF_8)); break;
                case BINARY: ((VarBinaryVector) v).setSafe(r, (byte[]) o); break;
                case DATE: {
                    long day = o instanceof LocalDate ? ((LocalDate) o).toEpochDay() : ((Number) o).longValue();
                    ((DateDayVector) v).setSafe(r, (int) day);
                    break;
                }
                case TIMESTAMP: ((TimeStampVector) v).setSafe(r, ((Number) o).longValue()); break;
                default: throw new DaftException("cannot build a " + t + " column from Java values");
            }
        } catch (ClassCastException e) {
            throw new DaftException("value " + o + " (" + o.getClass().getSimpleName() + ") does not fit column '"
                    + f.name() + "' of type " + t);
        }
    }
}
