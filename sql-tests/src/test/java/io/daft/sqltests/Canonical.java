package io.daft.sqltests;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one text form both engines' values are written and compared in.
 *
 * <ul>
 *   <li>NULL as {@code NULL}; the empty string as {@code (empty)} (sqllogictest's convention)</li>
 *   <li>integers of any width as plain digits</li>
 *   <li>DOUBLE and REAL rounded to {@value #SIGNIFICANT_DIGITS} significant digits, DECIMAL exactly; both with
 *       trailing zeros dropped, in plain notation ({@code 2.5}, {@code 3}, {@code -0.125}); NaN and infinities by
 *       name. Numbers that still differ as text match within {@link #RELATIVE_TOLERANCE} (engines sum in different
 *       orders, and type a division's result differently)</li>
 *   <li>booleans {@code true}/{@code false}; dates ISO {@code 2024-02-29} (years BC as {@code 0044-03-15 (BC)});
 *       timestamps as DuckDB prints them,
 *       {@code 2024-02-29 13:05:00.123456789} (fractional seconds to the nanosecond, only when non-zero; years BC
 *       as {@code 0044-03-15 (BC) 12:00:00}), with a time zone in UTC as {@code 2024-02-29 13:05:00+00}</li>
 * </ul>
 * So an integral DOUBLE and a DECIMAL with scale print like an integer: both engines may type an expression
 * differently (DuckDB's sum of INTEGER is HUGEINT, Calcite's is INTEGER) and the suites compare values, not types.
 */
public final class Canonical {
    public static final int SIGNIFICANT_DIGITS = 12;
    private static final MathContext ROUND = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    /** Relative tolerance for floating point when the texts differ (summation order differs between engines). */
    public static final double RELATIVE_TOLERANCE = 1e-9;

    private Canonical() {
    }

    public static String format(Object o) {
        if (o == null) {
            return "NULL";
        }
        if (o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger) {
            return o.toString();
        }
        if (o instanceof Double || o instanceof Float) {
            return formatDouble(((Number) o).doubleValue());
        }
        if (o instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) o;
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (o instanceof String) {
            String s = (String) o;
            return s.isEmpty() ? "(empty)" : s;
        }
        if (o instanceof LocalDate) {
            return formatDate((LocalDate) o);
        }
        if (o instanceof LocalDateTime) {
            return formatTimestamp((LocalDateTime) o);
        }
        if (o instanceof java.sql.Timestamp) {
            return formatTimestamp(((java.sql.Timestamp) o).toLocalDateTime());
        }
        if (o instanceof java.time.Instant) {
            return formatTimestamp(LocalDateTime.ofInstant((java.time.Instant) o, java.time.ZoneOffset.UTC)) + "+00";
        }
        if (o instanceof java.time.OffsetDateTime) {
            return formatTimestamp(((java.time.OffsetDateTime) o).withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime()) + "+00";
        }
        if (o instanceof java.sql.Date) {
            return formatDate(((java.sql.Date) o).toLocalDate());
        }
        return o.toString();
    }

    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        return new BigDecimal(d).round(ROUND).stripTrailingZeros().toPlainString();
    }

    /** DuckDB's text: {@code 2024-02-29}, years BC as {@code 0044-03-15 (BC)}, as timestamps. */
    public static String formatDate(LocalDate d) {
        String timestamp = formatTimestamp(d.atStartOfDay());
        return timestamp.substring(0, timestamp.lastIndexOf(' '));
    }

    /** DuckDB's text: {@code 2024-02-29 13:05:00.123456}, years BC as {@code 0044-03-15 (BC) 12:00:00}. */
    public static String formatTimestamp(LocalDateTime t) {
        return io.daft.calcite.JdbcTimestamps.format(t);
    }

    public static List<String> formatRow(List<Object> row) {
        List<String> out = new ArrayList<>(row.size());
        for (Object o : row) {
            out.add(format(o));
        }
        return out;
    }

    public static List<List<String>> formatRows(List<List<Object>> rows) {
        List<List<String>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(formatRow(row));
        }
        return out;
    }

    /** Whether two canonical texts denote the same value: equal, or numbers within the relative tolerance. */
    public static boolean sameText(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        BigDecimal e = parseNumber(expected);
        BigDecimal a = parseNumber(actual);
        if (e == null || a == null) {
            return false;
        }
        double x = e.doubleValue();
        double y = a.doubleValue();
        return Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }

    private static BigDecimal parseNumber(String s) {
        if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.charAt(0) == '-')) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static boolean sameRow(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!sameText(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Row order for multiset comparison: by the canonical texts, column by column. */
    public static int compareRows(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
