package io.daft.calcite;

import io.daft.core.DataType;
import io.daft.core.Field;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nested values as exact JSON text for the Avatica wire, read back given the same type (the remote driver's route,
 * where Avatica's own serialization loses NULL arrays in arrays, maps and precision).
 */
public final class NestedWireText {
    private NestedWireText() {
    }

    /**
     * A nested value (JDBC or SqlResult form) as exact JSON text for the wire: lists as arrays, structs as arrays of
     * their fields in order, maps as arrays of {@code [key, value]} pairs; integers and booleans bare; floats,
     * decimals, dates, timestamps (ISO) and binary (hex) as strings of their exact text. {@link #fromText} reads it
     * back given the same type.
     */
    public static String toText(Object v, DataType t) {
        StringBuilder sb = new StringBuilder();
        writeText(sb, JdbcNested.toValues(v, t), t);
        return sb.toString();
    }

    private static void writeText(StringBuilder sb, Object v, DataType t) {
        if (v == null) {
            sb.append("null");
            return;
        }
        switch (t.id()) {
            case LIST: {
                sb.append('[');
                boolean first = true;
                for (Object e : (List<?>) v) {
                    sb.append(first ? "" : ",");
                    first = false;
                    writeText(sb, e, t.listElement().dataType());
                }
                sb.append(']');
                return;
            }
            case STRUCT: {
                sb.append('[');
                boolean first = true;
                for (Field f : t.children()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    writeText(sb, ((Map<?, ?>) v).get(f.name()), f.dataType());
                }
                sb.append(']');
                return;
            }
            case MAP: {
                sb.append('[');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    sb.append(first ? "[" : ",[");
                    first = false;
                    writeText(sb, e.getKey(), t.mapKey());
                    sb.append(',');
                    writeText(sb, e.getValue(), t.mapValue().dataType());
                    sb.append(']');
                }
                sb.append(']');
                return;
            }
            case BOOLEAN:
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                sb.append(v);
                return;
            case DECIMAL:
                quote(sb, ((BigDecimal) v).toPlainString());
                return;
            case BINARY:
                quote(sb, HexFormat.of().formatHex((byte[]) v));
                return;
            default:
                // floats (Double.toString reads back exactly, NaN and Infinity included), strings, dates, timestamps
                quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** The JDBC value {@link #toText} wrote for a value of type {@code t}. */
    public static Object fromText(String text, DataType t) {
        if (text == null) {
            return null;
        }
        TextReader r = new TextReader(text);
        Object v = r.value(t);
        if (r.pos != text.length()) {
            throw r.error();
        }
        return JdbcNested.toJdbc(v, t);
    }

    /** Reads {@link #toText}'s JSON into SqlResult's form, guided by the type. */
    private static final class TextReader {
        final String s;
        int pos;

        TextReader(String s) {
            this.s = s;
        }

        IllegalArgumentException error() {
            return new IllegalArgumentException("malformed nested value text at position " + (pos + 1) + ": "
                    + (s.length() > 200 ? s.substring(0, 200) + "..." : s));
        }

        boolean take(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!take(c)) {
                throw error();
            }
        }

        Object value(DataType t) {
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            switch (t.id()) {
                case LIST: {
                    expect('[');
                    List<Object> out = new ArrayList<>();
                    if (!take(']')) {
                        do {
                            out.add(value(t.listElement().dataType()));
                        } while (take(','));
                        expect(']');
                    }
                    return out;
                }
                case STRUCT: {
                    expect('[');
                    Map<String, Object> out = new LinkedHashMap<>();
                    List<Field> fs = t.children();
                    for (int i = 0; i < fs.size(); i++) {
                        if (i > 0) {
                            expect(',');
                        }
                        out.put(fs.get(i).name(), value(fs.get(i).dataType()));
                    }
                    expect(']');
                    return out;
                }
                case MAP: {
                    expect('[');
                    Map<Object, Object> out = new LinkedHashMap<>();
                    if (!take(']')) {
                        do {
                            expect('[');
                            Object k = value(t.mapKey());
                            expect(',');
                            out.put(k, value(t.mapValue().dataType()));
                            expect(']');
                        } while (take(','));
                        expect(']');
                    }
                    return out;
                }
                case BOOLEAN:
                    if (s.startsWith("true", pos)) {
                        pos += 4;
                        return true;
                    }
                    if (s.startsWith("false", pos)) {
                        pos += 5;
                        return false;
                    }
                    throw error();
                case INT8: return (byte) number();
                case INT16: return (short) number();
                case INT32: return (int) number();
                case INT64: return number();
                default:
                    return scalar(string(), t);
            }
        }

        long number() {
            int start = pos;
            take('-');
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            try {
                return Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error();
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error();
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    if (e == 'u') {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    } else {
                        sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        Object scalar(String text, DataType t) {
            try {
                switch (t.id()) {
                    case FLOAT32: return Float.parseFloat(text);
                    case FLOAT64: return Double.parseDouble(text);
                    case DECIMAL: return new BigDecimal(text);
                    case BINARY: return HexFormat.of().parseHex(text);
                    case DATE: return LocalDate.parse(text);
                    case TIMESTAMP: return t.timeZone().isPresent() ? Instant.parse(text) : LocalDateTime.parse(text);
                    default: return text;
                }
            } catch (RuntimeException e) {
                IllegalArgumentException x = error();
                x.initCause(e);
                throw x;
            }
        }
    }

}
