package io.daft.ops;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.core.TypeId;
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
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random typed test data held as plain Java values (one Object[] per column), turned into Arrow batches for
 * our kernels and appended into DuckDB as the independent reference. Values are normalised for comparison:
 * BOOLEAN Boolean; INT8..INT64, DATE (epoch days) and TIMESTAMP (epoch micros) Long; floats Double; DECIMAL
 * BigDecimal; UTF8 String; BINARY upper-case hex String.
 */
public final class TestData {
    public static final DataType DEC = DataType.decimal(12, 2);
    public static final DataType TS = DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty());
    public static final List<DataType> FLAT_TYPES = List.of(DataType.BOOLEAN, DataType.INT8, DataType.INT16,
            DataType.INT32, DataType.INT64, DataType.FLOAT32, DataType.FLOAT64, DEC, DataType.UTF8, DataType.BINARY,
            DataType.DATE, TS);

    private TestData() {
    }

    public static String shortName(DataType t) {
        switch (t.id()) {
            case DECIMAL: return "dec";
            case TIMESTAMP: return "ts";
            default: return t.id().name().toLowerCase();
        }
    }

    /** A value of type t drawn from about {@code card} distinct values (raw form: byte[] for BINARY). */
    public static Object value(DataType t, Random rnd, int card, boolean nan) {
        int k = rnd.nextInt(card);
        long c = k - card / 2;
        switch (t.id()) {
            case BOOLEAN: return k % 2 == 0;
            case INT8: return Math.max(-128, Math.min(127, c));
            case INT16: return c * 7;
            case INT32: return c * 1001;
            case INT64: return c * 1_000_000_007L;
            case FLOAT32: return nan && k == 1 ? Double.NaN : (double) (float) (c * 0.5);
            case FLOAT64: return nan && k == 1 ? Double.NaN : c * 0.25 + (k % 3) * 1e-3;
            case DECIMAL: return BigDecimal.valueOf(c * 12345L + k, 2);
            case UTF8:
                if (k == 2) {
                    return "";
                }
                return "key-" + k + (k % 3 == 0 ? "ü€" : "") + (k % 5 == 0 ? "-a-longer-suffix-" + k : "");
            case BINARY: {
                byte[] b = new byte[k % 5];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (i == 1 ? 0 : k * 37 + i);
                }
                return b;
            }
            case DATE: return c * 37;
            case TIMESTAMP: return c * 3_600_000_123L;
            default: throw new AssertionError(t);
        }
    }

    public static Object[] column(DataType t, int n, Random rnd, int card, double nullFraction, boolean nan) {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextDouble() < nullFraction ? null : value(t, rnd, card, nan);
        }
        return out;
    }

    /** A batch over rows [from, to) of the columns. */
    public static RecordBatch batch(Schema schema, List<Object[]> cols, int from, int to) {
        int n = to - from;
        List<FieldVector> vs = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            vs.add(vector(schema.field(c), cols.get(c), from, to));
        }
        return RecordBatch.of(schema, vs, n);
    }

    public static FieldVector vector(Field f, Object[] vals, int from, int to) {
        int n = to - from;
        FieldVector v = Vectors.allocate(f, n);
        for (int i = 0; i < n; i++) {
            Object o = vals[from + i];
            if (o == null) {
                if (!(v instanceof NullVector)) {
                    v.setNull(i);
                }
                continue;
            }
            if (v instanceof BitVector) {
                ((BitVector) v).setSafe(i, ((Boolean) o) ? 1 : 0);
            } else if (v instanceof TinyIntVector) {
                ((TinyIntVector) v).setSafe(i, (byte) (long) (Long) o);
            } else if (v instanceof SmallIntVector) {
                ((SmallIntVector) v).setSafe(i, (short) (long) (Long) o);
            } else if (v instanceof IntVector) {
                ((IntVector) v).setSafe(i, (int) (long) (Long) o);
            } else if (v instanceof DateDayVector) {
                ((DateDayVector) v).setSafe(i, (int) (long) (Long) o);
            } else if (v instanceof BigIntVector) {
                ((BigIntVector) v).setSafe(i, (Long) o);
            } else if (v instanceof TimeStampVector) {
                ((TimeStampVector) v).setSafe(i, (Long) o);
            } else if (v instanceof Float4Vector) {
                ((Float4Vector) v).setSafe(i, (float) (double) (Double) o);
            } else if (v instanceof Float8Vector) {
                ((Float8Vector) v).setSafe(i, (Double) o);
            } else if (v instanceof DecimalVector) {
                ((DecimalVector) v).setSafe(i, (BigDecimal) o);
            } else if (v instanceof VarCharVector) {
                ((VarCharVector) v).setSafe(i, ((String) o).getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof VarBinaryVector) {
                ((VarBinaryVector) v).setSafe(i, (byte[]) o);
            } else {
                throw new AssertionError(v.getClass());
            }
        }
        v.setValueCount(n);
        return v;
    }

    /** Normalised value of row i (see class comment). */
    public static Object get(FieldVector v, int i) {
        if (v instanceof NullVector || v.isNull(i)) {
            return null;
        }
        if (v instanceof BitVector) {
            return ((BitVector) v).get(i) == 1;
        } else if (v instanceof TinyIntVector) {
            return (long) ((TinyIntVector) v).get(i);
        } else if (v instanceof SmallIntVector) {
            return (long) ((SmallIntVector) v).get(i);
        } else if (v instanceof IntVector) {
            return (long) ((IntVector) v).get(i);
        } else if (v instanceof DateDayVector) {
            return (long) ((DateDayVector) v).get(i);
        } else if (v instanceof BigIntVector) {
            return ((BigIntVector) v).get(i);
        } else if (v instanceof TimeStampVector) {
            return ((TimeStampVector) v).get(i);
        } else if (v instanceof Float4Vector) {
            return (double) ((Float4Vector) v).get(i);
        } else if (v instanceof Float8Vector) {
            return ((Float8Vector) v).get(i);
        } else if (v instanceof DecimalVector) {
            return ((DecimalVector) v).getObject(i);
        } else if (v instanceof VarCharVector) {
            return new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8);
        } else if (v instanceof VarBinaryVector) {
            return HexFormat.of().withUpperCase().formatHex(((VarBinaryVector) v).get(i));
        }
        throw new AssertionError(v.getClass());
    }

    /** Normalised form of a raw test value. */
    public static Object norm(Object o) {
        if (o instanceof byte[]) {
            return HexFormat.of().withUpperCase().formatHex((byte[]) o);
        }
        return o;
    }

    public static List<List<Object>> rows(RecordBatch b) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < b.rowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : b.columns()) {
                row.add(get(v, r));
            }
            out.add(row);
        }
        return out;
    }

    public static String duckType(DataType t) {
        switch (t.id()) {
            case BOOLEAN: return "BOOLEAN";
            case INT8: return "TINYINT";
            case INT16: return "SMALLINT";
            case INT32: return "INTEGER";
            case INT64: return "BIGINT";
            case FLOAT32: return "REAL";
            case FLOAT64: return "DOUBLE";
            case DECIMAL: return "DECIMAL(" + t.precision() + "," + t.scale() + ")";
            case UTF8: return "VARCHAR";
            case BINARY: return "BLOB";
            case DATE: return "DATE";
            case TIMESTAMP: return "TIMESTAMP";
            default: throw new AssertionError(t);
        }
    }

    /** SQL that turns an expression of type t into the normalised comparison form. */
    public static String wrap(String expr, DataType t) {
        switch (t.id()) {
            case BINARY: return "hex(" + expr + ")";
            case DATE: return "CAST((" + expr + ") - DATE '1970-01-01' AS BIGINT)";
            case TIMESTAMP: return "epoch_us(" + expr + ")";
            default: return expr;
        }
    }

    public static void load(Connection conn, String table, Schema schema, List<Object[]> cols) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TABLE " + table + " (");
        for (int c = 0; c < schema.size(); c++) {
            ddl.append(c == 0 ? "" : ", ").append('"').append(schema.field(c).name()).append("\" ")
                    .append(duckType(schema.field(c).dataType()));
        }
        try (Statement st = conn.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
        int n = cols.isEmpty() ? 0 : cols.get(0).length;
        try (DuckDBAppender app = ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (int r = 0; r < n; r++) {
                app.beginRow();
                for (int c = 0; c < schema.size(); c++) {
                    Object o = cols.get(c)[r];
                    if (o == null) {
                        app.appendNull();
                        continue;
                    }
                    DataType t = schema.field(c).dataType();
                    switch (t.id()) {
                        case BOOLEAN: app.append((boolean) (Boolean) o); break;
                        case INT8: app.append((byte) (long) (Long) o); break;
                        case INT16: app.append((short) (long) (Long) o); break;
                        case INT32: app.append((int) (long) (Long) o); break;
                        case INT64: app.append((long) (Long) o); break;
                        case FLOAT32: app.append((float) (double) (Double) o); break;
                        case FLOAT64: app.append((double) (Double) o); break;
                        case DECIMAL: app.append((BigDecimal) o); break;
                        case UTF8: app.append((String) o); break;
                        case BINARY: app.append((byte[]) o); break;
                        case DATE: app.append(LocalDate.ofEpochDay((Long) o)); break;
                        case TIMESTAMP: app.appendEpochMicros((Long) o); break;
                        default: throw new AssertionError(t);
                    }
                }
                app.endRow();
            }
        }
    }

    /** Runs a query whose columns are already wrapped ({@link #wrap}) and normalises by the given types. */
    public static List<List<Object>> query(Connection conn, String sql, List<DataType> types) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < types.size(); c++) {
                    Object o = rs.getObject(c + 1);
                    row.add(o == null ? null : normDuck(o, types.get(c)));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static Object normDuck(Object o, DataType t) {
        switch (t.id()) {
            case BOOLEAN: return o;
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case DATE:
            case TIMESTAMP:
                return ((Number) o).longValue();
            case FLOAT32:
            case FLOAT64:
                return ((Number) o).doubleValue();
            case DECIMAL: return o instanceof BigDecimal ? o : new BigDecimal(o.toString());
            case UTF8:
            case BINARY:
                return o.toString();
            default: throw new AssertionError(t);
        }
    }

    private static String sortKey(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object o : row) {
            sb.append(o instanceof BigDecimal ? ((BigDecimal) o).stripTrailingZeros().toPlainString() : String.valueOf(o)).append('\u0001');
        }
        return sb.toString();
    }

    /** Sorts rows by their first {@code keyCols} values' string forms, then the whole row. */
    public static List<List<Object>> sorted(List<List<Object>> rows, int keyCols) {
        // decorate once: building the string keys inside the comparator is far too slow for big results
        List<Object[]> decorated = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            decorated.add(new Object[] {sortKey(r.subList(0, Math.min(keyCols, r.size()))), sortKey(r), r});
        }
        decorated.sort(Comparator.comparing((Object[] d) -> (String) d[0]).thenComparing(d -> (String) d[1]));
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Object[] d : decorated) {
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) d[2];
            out.add(r);
        }
        return out;
    }

    public static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual, int keyCols, String what) {
        assertRowsEqual(sorted(expected, keyCols), sorted(actual, keyCols), what);
    }

    public static void assertRowsEqual(List<List<Object>> expected, List<List<Object>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": row count");
        for (int r = 0; r < expected.size(); r++) {
            List<Object> e = expected.get(r);
            List<Object> a = actual.get(r);
            assertEquals(e.size(), a.size(), what + ": width of row " + r);
            for (int c = 0; c < e.size(); c++) {
                if (!valueEquals(e.get(c), a.get(c))) {
                    fail(what + ": row " + r + " column " + c + ": expected " + e + " but got " + a);
                }
            }
        }
    }

    public static boolean valueEquals(Object e, Object a) {
        if (e == null || a == null) {
            return e == a;
        }
        if (e instanceof Double && a instanceof Double) {
            double x = (Double) e;
            double y = (Double) a;
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) && Double.isNaN(y);
            }
            return Math.abs(x - y) <= 1e-9 + 1e-7 * Math.max(Math.abs(x), Math.abs(y));
        }
        if (e instanceof BigDecimal && a instanceof BigDecimal) {
            return ((BigDecimal) e).compareTo((BigDecimal) a) == 0;
        }
        if (e instanceof byte[] || a instanceof byte[]) {
            return Arrays.equals((byte[]) norm(e), (byte[]) norm(a));
        }
        return e.equals(a);
    }

    public static boolean isTemporalOrBinary(DataType t) {
        return t.id() == TypeId.DATE || t.id() == TypeId.TIMESTAMP || t.id() == TypeId.BINARY;
    }
}
