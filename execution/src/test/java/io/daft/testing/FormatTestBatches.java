package io.daft.testing;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds record batches from plain Java values for tests (null = SQL NULL). Value classes per type: Boolean,
 * Number (ints, floats), BigDecimal, String, byte[], Integer epoch day (DATE), Long ticks (TIMESTAMP).
 */
public final class FormatTestBatches {
    private FormatTestBatches() {
    }

    public static RecordBatch build(Schema schema, List<Object[]> columns, int rows) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                vectors.add(vector(schema.field(c), columns.get(c), rows));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return RecordBatch.of(schema, vectors, rows);
    }

    public static FieldVector vector(Field field, Object[] values, int rows) {
        FieldVector v = Vectors.allocate(field, rows);
        DataType t = field.dataType();
        for (int i = 0; i < rows; i++) {
            Object o = values[i];
            if (o == null) {
                if (t.id() != io.daft.core.TypeId.NULL) {
                    v.setNull(i);
                }
                continue;
            }
            switch (t.id()) {
                case BOOLEAN: ((BitVector) v).setSafe(i, (Boolean) o ? 1 : 0); break;
                case INT8: ((TinyIntVector) v).setSafe(i, ((Number) o).byteValue()); break;
                case INT16: ((SmallIntVector) v).setSafe(i, ((Number) o).shortValue()); break;
                case INT32: ((IntVector) v).setSafe(i, ((Number) o).intValue()); break;
                case INT64: ((BigIntVector) v).setSafe(i, ((Number) o).longValue()); break;
                case FLOAT32: ((Float4Vector) v).setSafe(i, ((Number) o).floatValue()); break;
                case FLOAT64: ((Float8Vector) v).setSafe(i, ((Number) o).doubleValue()); break;
                case DECIMAL: ((DecimalVector) v).setSafe(i, (BigDecimal) o); break;
                case UTF8: ((VarCharVector) v).setSafe(i, ((String) o).getBytes(StandardCharsets.UTF_8)); break;
                case BINARY: ((VarBinaryVector) v).setSafe(i, (byte[]) o); break;
                case DATE: ((DateDayVector) v).setSafe(i, ((Number) o).intValue()); break;
                case TIMESTAMP: ((TimeStampVector) v).setSafe(i, ((Number) o).longValue()); break;
                default: throw new IllegalArgumentException("unsupported test type " + t);
            }
        }
        v.setValueCount(rows);
        return v;
    }
}
