package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.dsl.Expr;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.DynamicTest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Evaluates the same expression in DuckDB (as SQL over a table holding the same values) and in our evaluator, and
 * checks they agree row by row: same nulls, same values (numbers compared by value across types, floats with a
 * relative tolerance), and an error on our side exactly where DuckDB errors.
 */
final class DuckDbOracle implements AutoCloseable {
    private final Connection conn;
    private final List<TestTables.Column> columns;
    private final int rows;

    DuckDbOracle(List<TestTables.Column> columns) throws SQLException {
        this.conn = DriverManager.getConnection("jdbc:duckdb:");
        this.columns = columns;
        this.rows = columns.get(0).values().size();
        StringBuilder ddl = new StringBuilder("CREATE TABLE t (rid INTEGER");
        for (TestTables.Column c : columns) {
            ddl.append(", ").append(c.name()).append(' ').append(sqlType(c.type()));
        }
        ddl.append(')');
        StringBuilder ins = new StringBuilder("INSERT INTO t VALUES ");
        for (int r = 0; r < rows; r++) {
            ins.append(r == 0 ? "(" : ", (").append(r);
            for (TestTables.Column c : columns) {
                ins.append(", ").append(sqlLiteral(c.type(), c.values().get(r)));
            }
            ins.append(')');
        }
        try (Statement s = conn.createStatement()) {
            s.execute(ddl.toString());
            s.execute(ins.toString());
        }
    }

    static String sqlType(DataType t) {
        switch (t.id()) {
            case BOOLEAN: return "BOOLEAN";
            case INT8: return "TINYINT";
            case INT16: return "SMALLINT";
            case INT32: return "INTEGER";
            case INT64: return "BIGINT";
            case FLOAT32: return "FLOAT";
            case FLOAT64: return "DOUBLE";
            case DECIMAL: return "DECIMAL(" + t.precision() + "," + t.scale() + ")";
            case UTF8: return "VARCHAR";
            case BINARY: return "BLOB";
            case DATE: return "DATE";
            case TIMESTAMP: return "TIMESTAMP";
            default: throw new IllegalArgumentException(t.toString());
        }
    }

    static String sqlLiteral(DataType t, Object v) {
        if (v == null) {
            return "NULL";
        }
        switch (t.id()) {
            case UTF8: return "'" + ((String) v).replace("'", "''") + "'";
            case DATE: return "DATE '" + v + "'";
            case TIMESTAMP: return "TIMESTAMP '" + ((LocalDateTime) v).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")) + "'";
            case FLOAT32:
            case FLOAT64: {
                double d = ((Number) v).doubleValue();
                String s = Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf")
                        : t.id() == io.daft.core.TypeId.FLOAT32 ? Float.toString(((Number) v).floatValue()) : Double.toString(d);
                return "CAST('" + s + "' AS " + sqlType(t) + ")";
            }
            case BINARY: {
                StringBuilder sb = new StringBuilder("'");
                for (byte b : (byte[]) v) {
                    sb.append(String.format("\\x%02X", b));
                }
                return sb.append("'::BLOB").toString();
            }
            default: return "CAST('" + v + "' AS " + sqlType(t) + ")";
        }
    }

    /** A dynamic test checking {@code sql} (DuckDB, over table t) against {@code expr} (ours). */
    DynamicTest test(String sql, Expr expr) {
        return DynamicTest.dynamicTest(sql, () -> {
            try {
                check(sql, expr);
            } catch (AssertionError e) {
                throw new AssertionError(sql + "\n  vs " + expr + "\n  " + e.getMessage(), e);
            }
        });
    }

    void check(String sql, Expr expr) throws SQLException {
        List<Object> expected = new ArrayList<>();
        String duckError = null;
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + sql + " FROM t ORDER BY rid")) {
            String type = rs.getMetaData().getColumnTypeName(1);
            while (rs.next()) {
                Object o;
                if (type.equals("DATE")) {
                    o = rs.getObject(1, LocalDate.class);
                } else if (type.startsWith("TIMESTAMP")) {
                    o = rs.getObject(1, LocalDateTime.class);
                } else if (type.equals("BLOB")) {
                    o = rs.getBytes(1);
                } else {
                    o = rs.getObject(1);
                }
                expected.add(rs.wasNull() ? null : o);
            }
        } catch (SQLException e) {
            duckError = e.getMessage();
        }
        long before = Memory.allocatedBytes();
        List<Object> actual;
        try (RecordBatch batch = TestTables.batch(columns)) {
            DataType type;
            try {
                type = expr.resolveType(batch.schema());
            } catch (io.daft.core.DaftException e) {
                if (duckError != null) {
                    return; // both reject it
                }
                throw e;
            }
            try (FieldVector v = ExprEvaluator.eval(expr, batch)) {
                assertEquals(rows, v.getValueCount());
                assertEquals(type, io.daft.recordbatch.Vectors.fieldOf(v).dataType(), "result type");
                assertEquals(expr.name(), v.getName(), "result name");
                actual = TestTables.cells(v);
            } catch (io.daft.core.DaftException e) {
                if (duckError != null) {
                    return;
                }
                throw new AssertionError("we failed where DuckDB gave " + expected + ": " + e.getMessage(), e);
            }
        }
        assertEquals(before, Memory.allocatedBytes(), "leak");
        if (duckError != null) {
            fail("DuckDB failed (" + duckError.split("\n")[0] + ") but we gave " + actual);
        }
        for (int i = 0; i < rows; i++) {
            Object e = expected.get(i);
            Object a = actual.get(i);
            assertTrue(same(a, e), "row " + i + ": expected " + show(e) + " but got " + show(a)
                    + "\n expected " + expected + "\n actual   " + actual);
        }
    }

    private static String show(Object o) {
        return o == null ? "null" : o instanceof byte[] ? Arrays.toString((byte[]) o) : o + " (" + o.getClass().getSimpleName() + ")";
    }

    static boolean same(Object a, Object e) {
        if (a == null || e == null) {
            return a == e;
        }
        if (a instanceof Number && e instanceof Number) {
            boolean aExact = !(a instanceof Double || a instanceof Float);
            boolean eExact = !(e instanceof Double || e instanceof Float);
            if (aExact && eExact) {
                BigDecimal x = toBig(a);
                BigDecimal y = toBig(e);
                // a result type with fewer fraction digits (decimal rules differ past 38 digits): compare at that scale
                int scale = Math.min(x.scale(), y.scale());
                return x.setScale(scale, java.math.RoundingMode.HALF_UP).compareTo(y.setScale(scale, java.math.RoundingMode.HALF_UP)) == 0;
            }
            double x = ((Number) a).doubleValue();
            double y = ((Number) e).doubleValue();
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) && Double.isNaN(y);
            }
            if (x == y) {
                return true;
            }
            double tol = (a instanceof Double && e instanceof Double) ? 1e-12 : 1e-6;
            return Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) < 1e-9;
        }
        if (a instanceof byte[] && e instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) e);
        }
        if (e instanceof java.sql.Blob) {
            return false;
        }
        return a.equals(e) || a.toString().equals(e.toString());
    }

    private static BigDecimal toBig(Object o) {
        if (o instanceof BigDecimal) {
            return (BigDecimal) o;
        }
        if (o instanceof BigInteger) {
            return new BigDecimal((BigInteger) o);
        }
        return BigDecimal.valueOf(((Number) o).longValue());
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
