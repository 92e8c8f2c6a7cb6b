package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
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
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds test batches through Arrow's own setters (not our kernels), and reads cells back through Arrow's
 * getters, so tests check our code against Arrow's independent view of the buffers.
 */
final class TestTables {
    private TestTables() {
    }

    record Column(String name, DataType type, List<Object> values) {
        static Column of(String name, DataType type, Object... values) {
            return new Column(name, type, Arrays.asList(values));
        }
    }

    static RecordBatch batch(Column... columns) {
        return batch(List.of(columns));
    }

    static RecordBatch batch(List<Column> columns) {
        int n = columns.get(0).values().size();
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        for (Column c : columns) {
            fields.add(Field.of(c.name(), c.type()));
            vectors.add(vector(c.name(), c.type(), c.values()));
        }
        return RecordBatch.of(new Schema(fields), vectors, n);
    }

    static FieldVector vector(String name, DataType type, List<Object> values) {
        int n = values.size();
        FieldVector v = Vectors.allocate(Field.of(name, type), n);
        for (int i = 0; i < n; i++) {
            Object o = values.get(i);
            if (o == null) {
                v.setNull(i);
                continue;
            }
            switch (type.id()) {
                case BOOLEAN: ((BitVector) v).setSafe(i, (Boolean) o ? 1 : 0); break;
                case INT8: ((TinyIntVector) v).setSafe(i, ((Number) o).byteValue()); break;
                case INT16: ((SmallIntVector) v).setSafe(i, ((Number) o).shortValue()); break;
                case INT32: ((IntVector) v).setSafe(i, ((Number) o).intValue()); break;
                case INT64: ((BigIntVector) v).setSafe(i, ((Number) o).longValue()); break;
                case FLOAT32: ((Float4Vector) v).setSafe(i, ((Number) o).floatValue()); break;
                case FLOAT64: ((Float8Vector) v).setSafe(i, ((Number) o).doubleValue()); break;
                case DECIMAL: ((DecimalVector) v).setSafe(i, ((BigDecimal) o).setScale(type.scale())); break;
                case UTF8: ((VarCharVector) v).setSafe(i, ((String) o).getBytes(StandardCharsets.UTF_8)); break;
                case BINARY: ((VarBinaryVector) v).setSafe(i, (byte[]) o); break;
                case DATE: ((DateDayVector) v).setSafe(i, (int) ((LocalDate) o).toEpochDay()); break;
                case TIMESTAMP: {
                    LocalDateTime t = (LocalDateTime) o;
                    long sec = t.toEpochSecond(ZoneOffset.UTC);
                    if (type.timeUnit() == TimeUnit.MICROSECONDS) {
                        ((TimeStampMicroVector) v).setSafe(i, sec * 1_000_000L + t.getNano() / 1000);
                    } else if (type.timeUnit() == TimeUnit.MILLISECONDS) {
                        ((TimeStampMilliVector) v).setSafe(i, sec * 1000L + t.getNano() / 1_000_000);
                    } else {
                        throw new IllegalArgumentException("unit " + type.timeUnit());
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("type " + type);
            }
        }
        v.setValueCount(n);
        return v;
    }

    static DataType tsMicros() {
        return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty());
    }

    /** Cell {@code i} as a plain Java value via Arrow's getters: Long/Double/BigDecimal/String/Boolean/LocalDate/LocalDateTime/byte[]. */
    static Object cell(FieldVector v, int i) {
        if (v.isNull(i)) {
            return null;
        }
        Object o = v.getObject(i);
        if (v instanceof DateDayVector) {
            return LocalDate.ofEpochDay((Integer) o);
        }
        if (o instanceof org.apache.arrow.vector.util.Text) {
            return o.toString();
        }
        if (o instanceof Byte || o instanceof Short || o instanceof Integer) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float) {
            return ((Float) o).doubleValue();
        }
        return o;
    }

    static List<Object> cells(FieldVector v) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < v.getValueCount(); i++) {
            out.add(cell(v, i));
        }
        return out;
    }
}
