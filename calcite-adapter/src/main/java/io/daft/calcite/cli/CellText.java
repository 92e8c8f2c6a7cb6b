package io.daft.calcite.cli;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.recordbatch.Values;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The text of one result cell as DuckDB prints it: lists {@code [1, NULL]}, structs {@code {'a': 1, 'b': x}}
 * with their field names, maps {@code {k=1}}, strings quoted only where DuckDB quotes them ({@code [a b, 'a,b', '']}),
 * and in JSON real arrays and objects. Values are as {@link io.daft.calcite.SqlResult} holds them (List for LIST,
 * Map by key for MAP, Map by field name for STRUCT).
 */
public final class CellText {
    private CellText() {
    }

    /** A non-null value as text (table and csv cells); nested NULLs print as {@code NULL}, like DuckDB. */
    public static String text(Object v, DataType type) {
        if (!type.isNested()) {
            // DuckDB quotes strings only inside nested values: a top-level 09:15 or timestamp prints bare
            return scalar(v);
        }
        StringBuilder sb = new StringBuilder();
        appendText(sb, v, type);
        return sb.toString();
    }

    private static void appendText(StringBuilder sb, Object v, DataType type) {
        if (v == null) {
            sb.append("NULL");
            return;
        }
        switch (type.id()) {
            case LIST: {
                DataType element = type.listElement().dataType();
                sb.append('[');
                boolean first = true;
                for (Object e : (List<?>) v) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    appendText(sb, e, element);
                }
                sb.append(']');
                return;
            }
            case MAP: {
                DataType value = type.mapValue().dataType();
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    appendText(sb, e.getKey(), type.mapKey());
                    sb.append('=');
                    appendText(sb, e.getValue(), value);
                }
                sb.append('}');
                return;
            }
            case STRUCT: {
                Map<?, ?> fields = (Map<?, ?>) v;
                sb.append('{');
                boolean first = true;
                for (Field f : type.children()) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    quoteNested(sb, f.name());
                    sb.append(": ");
                    appendText(sb, fields.get(f.name()), f.dataType());
                }
                sb.append('}');
                return;
            }
            default:
                if (v instanceof Number || v instanceof Boolean) {
                    sb.append(scalar(v));
                } else {
                    String s = scalar(v);
                    if (needsQuotes(s)) {
                        quoteNested(sb, s);
                    } else {
                        sb.append(s);
                    }
                }
        }
    }

    /**
     * DuckDB quotes a string inside a nested value when it could be misread: empty, spaces at either end, the
     * word null, or one of the characters that delimit nested values.
     */
    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || isSpace(s.charAt(0)) || isSpace(s.charAt(s.length() - 1)) || s.equalsIgnoreCase("null")) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '[': case ']': case '{': case '}': case '(': case ')': case ',': case '\'': case '"': case ':': case '=':
                    return true;
                default:
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** {@code 'text'} with quotes and backslashes escaped by a backslash, as DuckDB quotes inside nested values. */
    private static void quoteNested(StringBuilder sb, String s) {
        sb.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('\'');
    }

    /** A non-null value as JSON: numbers and booleans bare, lists as arrays, maps and structs as objects. */
    static String json(Object v, DataType type) {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v, type);
        return sb.toString();
    }

    private static void appendJson(StringBuilder sb, Object v, DataType type) {
        if (v == null) {
            sb.append("null");
            return;
        }
        switch (type.id()) {
            case LIST: {
                DataType element = type.listElement().dataType();
                sb.append('[');
                boolean first = true;
                for (Object e : (List<?>) v) {
                    sb.append(first ? "" : ",");
                    first = false;
                    appendJson(sb, e, element);
                }
                sb.append(']');
                return;
            }
            case MAP: {
                DataType value = type.mapValue().dataType();
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    // JSON keys are strings: a map key is written as its text, as DuckDB does
                    quote(sb, e.getKey() == null ? "NULL" : text(e.getKey(), type.mapKey()));
                    sb.append(':');
                    appendJson(sb, e.getValue(), value);
                }
                sb.append('}');
                return;
            }
            case STRUCT: {
                Map<?, ?> fields = (Map<?, ?>) v;
                sb.append('{');
                boolean first = true;
                for (Field f : type.children()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    quote(sb, f.name());
                    sb.append(':');
                    appendJson(sb, fields.get(f.name()), f.dataType());
                }
                sb.append('}');
                return;
            }
            default:
                if (v instanceof Boolean
                        || v instanceof Number && !(v instanceof BigDecimal) && Double.isFinite(((Number) v).doubleValue())) {
                    sb.append(v instanceof Double || v instanceof Float ? Values.display(v) : v.toString());
                } else if (v instanceof BigDecimal) {
                    sb.append(jsonDecimal((BigDecimal) v));
                } else {
                    quote(sb, scalar(v));
                }
        }
    }

    /** A decimal as a JSON number, as DuckDB writes one: trailing fraction zeros dropped but one (1.50 as 1.5, 100.00 as 100.0). */
    private static String jsonDecimal(BigDecimal d) {
        String s = d.toPlainString();
        if (d.scale() <= 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0' && s.charAt(end - 2) != '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** A scalar's text: decimals in plain digits, floats as people write them, bytes as hex. */
    static String scalar(Object v) {
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            return Values.display(v);
        }
        if (v instanceof java.time.LocalDateTime) {
            return io.daft.calcite.JdbcTimestamps.format((java.time.LocalDateTime) v);
        }
        if (v instanceof java.time.Instant) {   // a zoned column
            return io.daft.calcite.JdbcTimestamps.format((java.time.Instant) v);
        }
        if (v instanceof byte[]) {
            StringBuilder sb = new StringBuilder();
            for (byte b : (byte[]) v) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
        return v.toString();
    }

    /** {@code s} as a JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        quote(sb, s);
        return sb.toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
