package io.daft.calcite;

import io.daft.Daft;
import io.daft.QueryPlanner;
import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.logical.LogicalPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a Daft logical plan for Calcite's generated code: plans it with {@link QueryPlanner}, streams the current
 * runner's batches and hands them out as rows in Calcite's internal representation (dates as days, timestamps as
 * epoch milliseconds), one batch at a time.
 */
public final class DaftExecutor {
    private DaftExecutor() {
    }

    /** Called from generated code; {@code scalar}: rows are single values rather than arrays (one column). */
    public static Enumerable<Object> enumerable(LogicalPlan plan, boolean scalar) {
        return enumerable(plan, scalar, false);
    }

    /**
     * As {@link #enumerable(LogicalPlan, boolean)}, but rows go straight to a JDBC result set: timestamps are
     * {@link java.sql.Timestamp}s with their nanoseconds (Calcite's epoch milliseconds would cut them), for
     * columns whose metadata says so ({@link DaftPrepare}).
     */
    static Enumerable<Object> jdbcEnumerable(LogicalPlan plan, boolean scalar) {
        return enumerable(plan, scalar, true);
    }

    private static Enumerable<Object> enumerable(LogicalPlan plan, boolean scalar, boolean jdbc) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                return new BatchEnumerator(plan, scalar, jdbc);
            }
        };
    }

    /** Plans the query and streams its batches (the caller closes them). */
    public static CloseableIterator<RecordBatch> stream(LogicalPlan plan) {
        PhysicalPlan physical = QueryPlanner.toPhysical(plan);
        return Daft.runner().stream(physical);
    }

    private static final class BatchEnumerator implements Enumerator<Object> {
        private final LogicalPlan plan;
        private final boolean scalar;
        private final boolean jdbc;
        private CloseableIterator<RecordBatch> batches;
        private Object[][] columns;
        private int rows;
        private int row = -1;
        private Object current;

        BatchEnumerator(LogicalPlan plan, boolean scalar, boolean jdbc) {
            this.plan = plan;
            this.scalar = scalar;
            this.jdbc = jdbc;
        }

        @Override
        public Object current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            if (batches == null) {
                batches = stream(plan);
            }
            while (row + 1 >= rows) {
                if (!batches.hasNext()) {
                    return false;
                }
                try (RecordBatch b = batches.next()) {
                    load(b);
                }
            }
            row++;
            if (scalar) {
                current = columns[0][row];
            } else {
                Object[] r = new Object[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    r[c] = columns[c][row];
                }
                current = r;
            }
            return true;
        }

        private void load(RecordBatch b) {
            int n = b.rowCount();
            List<FieldVector> cols = b.columns();
            Object[][] out = new Object[cols.size()][];
            for (int c = 0; c < cols.size(); c++) {
                FieldVector v = cols.get(c);
                DataType t = b.schema().field(c).dataType();
                Object[] vals = new Object[n];
                if (jdbc && t.id() == io.daft.core.TypeId.TIMESTAMP) {
                    for (int i = 0; i < n; i++) {
                        vals[i] = jdbcTimestamp(Values.get(v, i));
                    }
                } else if (jdbc && t.isNested()) {
                    for (int i = 0; i < n; i++) {
                        vals[i] = JdbcNested.toJdbc(Values.get(v, i), t);
                    }
                } else if (t.isNested()) {
                    for (int i = 0; i < n; i++) {
                        vals[i] = nested(v, i, t);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        vals[i] = internal(Values.get(v, i), t);
                    }
                }
                out[c] = vals;
            }
            columns = out;
            rows = n;
            row = -1;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("reset");
        }

        @Override
        public void close() {
            if (batches != null) {
                batches.close();
                batches = null;
            }
        }
    }

    /** A timestamp for JDBC, at its full precision ({@link JdbcTimestamps#toJdbc}). */
    private static Timestamp jdbcTimestamp(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof LocalDateTime ? JdbcTimestamps.toJdbc((LocalDateTime) v) : JdbcTimestamps.toJdbc((Instant) v);
    }

    /**
     * A value of any type, nested ones included, as Calcite's Enumerable code and Avatica's accessors hold it:
     * ARRAY as a List, MAP as a Map (in entry order), ROW as an Object[] of its fields, each element in the
     * internal form of its own type (so dates inside a list are days, as Avatica's element accessors expect).
     */
    static Object nested(FieldVector v, int i, DataType t) {
        if (v.isNull(i)) {
            return null;
        }
        switch (t.id()) {
            case LIST: {
                ListVector lv = (ListVector) v;
                int start = lv.getElementStartIndex(i);
                int end = lv.getElementEndIndex(i);
                FieldVector data = lv.getDataVector();
                DataType et = t.listElement().dataType();
                List<Object> out = new ArrayList<>(end - start);
                for (int e = start; e < end; e++) {
                    out.add(nested(data, e, et));
                }
                return out;
            }
            case MAP: {
                ListVector lv = (ListVector) v;
                int start = lv.getElementStartIndex(i);
                int end = lv.getElementEndIndex(i);
                StructVector entries = (StructVector) lv.getDataVector();
                FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
                FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int e = start; e < end; e++) {
                    out.put(nested(keys, e, t.mapKey()), nested(values, e, t.mapValue().dataType()));
                }
                return out;
            }
            case STRUCT: {
                StructVector sv = (StructVector) v;
                List<io.daft.core.Field> fields = t.children();
                Object[] out = new Object[fields.size()];
                for (int c = 0; c < out.length; c++) {
                    out[c] = nested((FieldVector) sv.getChildByOrdinal(c), i, fields.get(c).dataType());
                }
                return out;
            }
            default:
                return internal(Values.get(v, i), t);
        }
    }

    /** A value as Calcite's Enumerable code holds it for the column's SQL type. */
    static Object internal(Object v, DataType t) {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate) {
            return (int) ((LocalDate) v).toEpochDay();
        }
        if (v instanceof LocalDateTime) {
            return ((LocalDateTime) v).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (v instanceof Instant) {
            return ((Instant) v).toEpochMilli();
        }
        if (v instanceof byte[]) {
            return new ByteString((byte[]) v);
        }
        return v;
    }
}
