package io.daft.jdbc;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code ?} parameters by writing their values into the SQL text as typed literals. The embedded driver
 * plans parameters as such ({@code io.daft.calcite.ParameterBinding}) and uses this only for statements whose
 * parameters Calcite cannot type or Daft cannot take as an expression ({@code SELECT ?}, {@code LIMIT ?}): such a
 * statement is planned once per execution with the values in place.
 */
final class ParameterInliner {
    private final String sql;
    private final int[] positions;

    ParameterInliner(String sql) {
        this.sql = sql;
        this.positions = positions(sql);
    }

    int count() {
        return positions.length;
    }

    /** Offsets of the {@code ?} markers outside string literals, quoted identifiers and comments. */
    static int[] positions(String sql) {
        List<Integer> out = new ArrayList<>();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                i = j;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '?') {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The SQL with every parameter replaced by its value's literal; all must be set. */
    String bind(Object[] values, boolean[] set) throws SQLException {
        StringBuilder sb = new StringBuilder(sql.length() + 16 * positions.length);
        int last = 0;
        for (int p = 0; p < positions.length; p++) {
            if (!set[p]) {
                throw new SQLException("parameter " + (p + 1) + " is not set", "07001");
            }
            sb.append(sql, last, positions[p]).append(literal(values[p]));
            last = positions[p] + 1;
        }
        sb.append(sql, last, sql.length());
        return sb.toString();
    }

    static String literal(Object v) throws SQLException {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String || v instanceof Character) {
            return "'" + v.toString().replace("'", "''") + "'";
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? "TRUE" : "FALSE";
        }
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Short) {
            return "CAST(" + v + " AS SMALLINT)";
        }
        if (v instanceof Byte) {
            return "CAST(" + v + " AS TINYINT)";
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof java.math.BigInteger) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            String type = v instanceof Float ? "REAL" : "DOUBLE";
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return "CAST('" + (Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity") + "' AS " + type + ")";
            }
            return "CAST(" + new BigDecimal(v.toString()).toPlainString() + "E0 AS " + type + ")";
        }
        if (v instanceof java.sql.Date) {
            return "DATE '" + ((java.sql.Date) v).toLocalDate() + "'";
        }
        if (v instanceof java.sql.Time) {
            return "TIME '" + ((java.sql.Time) v).toLocalTime() + "'";
        }
        if (v instanceof java.sql.Timestamp) {
            return "TIMESTAMP '" + v + "'";
        }
        if (v instanceof LocalDate) {
            return "DATE '" + v + "'";
        }
        if (v instanceof LocalDateTime) {
            return "TIMESTAMP '" + v.toString().replace('T', ' ') + "'";
        }
        if (v instanceof LocalTime) {
            return "TIME '" + v + "'";
        }
        if (v instanceof java.util.Date) {
            return "TIMESTAMP '" + new java.sql.Timestamp(((java.util.Date) v).getTime()) + "'";
        }
        if (v instanceof byte[]) {
            StringBuilder sb = new StringBuilder("X'");
            for (byte b : (byte[]) v) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.append('\'').toString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        throw new SQLException("unsupported parameter type " + v.getClass().getName(), "22023");
    }
}
