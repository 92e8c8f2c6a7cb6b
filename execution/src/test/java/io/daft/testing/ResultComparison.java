package io.daft.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Compares our rows with DuckDB's: numbers by value (floating point to a relative 1e-9), the rest as text. */
public final class ResultComparison {
    private ResultComparison() {
    }

    public static List<List<Object>> duckRows(Connection c, String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on: " + sql, e);
        }
        return out;
    }

    /** Same rows in the same order. */
    public static void assertSameRows(String what, List<List<Object>> expected, List<List<Object>> actual) {
        if (expected.size() != actual.size()) {
            fail(what + ": expected " + expected.size() + " rows but got " + actual.size()
                    + "\nexpected (first 5): " + expected.subList(0, Math.min(5, expected.size()))
                    + "\nactual   (first 5): " + actual.subList(0, Math.min(5, actual.size())));
        }
        for (int r = 0; r < expected.size(); r++) {
            List<Object> e = expected.get(r);
            List<Object> a = actual.get(r);
            if (e.size() != a.size()) {
                fail(what + ": row " + r + " has " + a.size() + " columns, expected " + e.size());
            }
            for (int c = 0; c < e.size(); c++) {
                if (!same(e.get(c), a.get(c))) {
                    fail(what + ": row " + r + " column " + c + ": expected " + e.get(c) + " but got " + a.get(c)
                            + "\nexpected row: " + e + "\nactual row:   " + a);
                }
            }
        }
    }

    /** Same rows in any order. */
    public static void assertSameRowsAnyOrder(String what, List<List<Object>> expected, List<List<Object>> actual) {
        assertSameRows(what, sorted(expected), sorted(actual));
    }

    public static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ResultComparison::sortKey));
        return copy;
    }

    private static String sortKey(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object o : row) {
            sb.append(canonical(o)).append('\u0001');
        }
        return sb.toString();
    }

    private static String canonical(Object o) {
        if (o == null) {
            return "\u0000null";
        }
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            return String.format("%.6e", d);
        }
        if (o instanceof BigDecimal) {
            return ((BigDecimal) o).stripTrailingZeros().toPlainString();
        }
        if (o instanceof Number) {
            return Long.toString(((Number) o).longValue());
        }
        return o.toString();
    }

    static boolean same(Object e, Object a) {
        if (e == null || a == null) {
            return e == null && a == null;
        }
        if (e instanceof Number && a instanceof Number) {
            if (e instanceof Double || e instanceof Float || a instanceof Double || a instanceof Float) {
                double x = ((Number) e).doubleValue();
                double y = ((Number) a).doubleValue();
                if (Double.isNaN(x) || Double.isNaN(y)) {
                    return Double.isNaN(x) && Double.isNaN(y);
                }
                return Math.abs(x - y) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
            }
            return new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())) == 0;
        }
        return e.toString().equals(a.toString());
    }
}
