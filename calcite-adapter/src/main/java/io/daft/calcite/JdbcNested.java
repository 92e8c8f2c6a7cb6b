package io.daft.calcite;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;
import io.daft.core.TypeId;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Nested values (Daft LIST, MAP, STRUCT; SQL ARRAY, MAP, ROW) through JDBC, as DuckDB's driver gives them:
 * {@code getObject} answers a {@link DaftArray} ({@code java.sql.Array}), a {@link DaftStruct}
 * ({@code java.sql.Struct}) or an ordered {@link Map}, with every value inside at its full precision
 * ({@link #toJdbc}); the column's type name is DuckDB's ({@code INTEGER[]}, {@code STRUCT(a INTEGER, b VARCHAR)},
 * {@code MAP(VARCHAR, INTEGER)}, {@link #typeName}) and its type ARRAY, STRUCT or OTHER (as DuckDB's for MAP).
 * <p>
 * A Daft plan's rows hold nested values already in that form, under a JAVA_OBJECT column named with the type name
 * (so Avatica's accessors hand them out untouched); {@link #wrap} gives such columns their JDBC type. Over the
 * Avatica wire, where nested values lose their NULL elements' and timestamps' precision, a nested value travels as
 * exact JSON text ({@link #toText}, {@link #fromText}) under the same type name, which {@link #parseTypeName} reads.
 */
public final class JdbcNested {
    private JdbcNested() {
    }

    // ---- types

    /** DuckDB's name of a type: {@code INTEGER}, {@code VARCHAR[]}, {@code STRUCT(a INTEGER, "b c" DATE)}, {@code MAP(VARCHAR, BIGINT)}. */
    public static String typeName(DataType t) {
        switch (t.id()) {
            case NULL: return "NULL";
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
            case TIMESTAMP:
                if (t.timeZone().isPresent()) {
                    return "TIMESTAMP WITH TIME ZONE";
                }
                switch (t.timeUnit()) {
                    case SECONDS: return "TIMESTAMP_S";
                    case MILLISECONDS: return "TIMESTAMP_MS";
                    case NANOSECONDS: return "TIMESTAMP_NS";
                    default: return "TIMESTAMP";
                }
            case LIST: return typeName(t.listElement().dataType()) + "[]";
            case MAP: return "MAP(" + typeName(t.mapKey()) + ", " + typeName(t.mapValue().dataType()) + ")";
            case STRUCT: {
                StringBuilder sb = new StringBuilder("STRUCT(");
                for (int i = 0; i < t.children().size(); i++) {
                    Field f = t.children().get(i);
                    sb.append(i == 0 ? "" : ", ").append(identifier(f.name())).append(' ').append(typeName(f.dataType()));
                }
                return sb.append(')').toString();
            }
            default:
                throw new IllegalArgumentException("no SQL name for " + t);
        }
    }

    private static String identifier(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The {@link Types} code of a type (MAP is OTHER, as in DuckDB's driver). */
    public static int sqlType(DataType t) {
        switch (t.id()) {
            case NULL: return Types.NULL;
            case BOOLEAN: return Types.BOOLEAN;
            case INT8: return Types.TINYINT;
            case INT16: return Types.SMALLINT;
            case INT32: return Types.INTEGER;
            case INT64: return Types.BIGINT;
            case FLOAT32: return Types.REAL;
            case FLOAT64: return Types.DOUBLE;
            case DECIMAL: return Types.DECIMAL;
            case UTF8: return Types.VARCHAR;
            case BINARY: return Types.VARBINARY;
            case DATE: return Types.DATE;
            case TIMESTAMP: return t.timeZone().isPresent() ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP;
            case LIST: return Types.ARRAY;
            case STRUCT: return Types.STRUCT;
            case MAP: return Types.OTHER;
            default: throw new IllegalArgumentException("no SQL type for " + t);
        }
    }

    /** The Java class of a nested type's JDBC values. */
    static String className(DataType t) {
        switch (t.id()) {
            case LIST: return Array.class.getName();
            case STRUCT: return Struct.class.getName();
            default: return Map.class.getName();
        }
    }

    /** The nested type a {@link #typeName} names, or empty for any other name (a scalar's, or none of ours). */
    public static Optional<DataType> nestedType(String name) {
        if (name == null || !(name.endsWith("]") || name.startsWith("STRUCT(") || name.startsWith("MAP("))) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseTypeName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The type {@link #typeName} names. */
    public static DataType parseTypeName(String name) {
        TypeParser p = new TypeParser(name);
        DataType t = p.type();
        p.skipSpaces();
        if (p.pos != name.length()) {
            throw p.error();
        }
        return t;
    }

    private static final class TypeParser {
        final String s;
        int pos;

        TypeParser(String s) {
            this.s = s;
        }

        IllegalArgumentException error() {
            return new IllegalArgumentException("not a type name: '" + s + "' (at position " + (pos + 1) + ")");
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        boolean take(String token) {
            skipSpaces();
            if (s.regionMatches(true, pos, token, 0, token.length())) {
                pos += token.length();
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!take(token)) {
                throw error();
            }
        }

        String word() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error();
            }
            return s.substring(start, pos);
        }

        String identifier() {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= s.length()) {
                        throw error();
                    }
                    char c = s.charAt(pos++);
                    if (c == '"') {
                        if (pos < s.length() && s.charAt(pos) == '"') {
                            sb.append('"');
                            pos++;
                        } else {
                            return sb.toString();
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
            return word();
        }

        int number() {
            try {
                return Integer.parseInt(word());
            } catch (NumberFormatException e) {
                throw error();
            }
        }

        DataType type() {
            DataType t = base();
            while (take("[]")) {
                t = DataType.list(Field.of(DataType.LIST_ITEM, t));
            }
            return t;
        }

        DataType base() {
            String w = word().toUpperCase(Locale.ROOT);
            switch (w) {
                case "NULL": return DataType.NULL;
                case "BOOLEAN": return DataType.BOOLEAN;
                case "TINYINT": return DataType.INT8;
                case "SMALLINT": return DataType.INT16;
                case "INTEGER": return DataType.INT32;
                case "BIGINT": return DataType.INT64;
                case "FLOAT": return DataType.FLOAT32;
                case "DOUBLE": return DataType.FLOAT64;
                case "VARCHAR": return DataType.UTF8;
                case "BLOB": return DataType.BINARY;
                case "DATE": return DataType.DATE;
                case "DECIMAL": {
                    expect("(");
                    int p = number();
                    expect(",");
                    int sc = number();
                    expect(")");
                    return DataType.decimal(p, sc);
                }
                case "TIMESTAMP":
                    if (take("WITH TIME ZONE")) {
                        return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"));
                    }
                    return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty());
                case "TIMESTAMP_S": return DataType.timestamp(TimeUnit.SECONDS, Optional.empty());
                case "TIMESTAMP_MS": return DataType.timestamp(TimeUnit.MILLISECONDS, Optional.empty());
                case "TIMESTAMP_NS": return DataType.timestamp(TimeUnit.NANOSECONDS, Optional.empty());
                case "MAP": {
                    expect("(");
                    DataType k = type();
                    expect(",");
                    DataType v = type();
                    expect(")");
                    return DataType.map(k, Field.of(DataType.MAP_VALUE, v));
                }
                case "STRUCT": {
                    expect("(");
                    List<Field> fields = new ArrayList<>();
                    do {
                        String name = identifier();
                        fields.add(Field.of(name, type()));
                    } while (take(","));
                    expect(")");
                    return DataType.struct(fields);
                }
                default:
                    throw error();
            }
        }
    }

    // ---- values

    /**
     * A value of type {@code t} as {@link SqlResult} holds it (List, Map by key, Map by field name, LocalDate,
     * LocalDateTime, Instant, ...) as a JDBC value: LIST a {@link DaftArray}, STRUCT a {@link DaftStruct}, MAP an
     * unmodifiable ordered Map of JDBC values, DATE a {@link java.sql.Date} (midnight in the JVM's zone), TIMESTAMP a {@link Timestamp} with its
     * nanoseconds ({@link JdbcTimestamps#toJdbc}); other values as they are.
     */
    @SuppressWarnings("unchecked")
    public static Object toJdbc(Object v, DataType t) {
        if (v == null) {
            return null;
        }
        switch (t.id()) {
            case LIST:
                return new DaftArray((List<?>) v, t);
            case STRUCT:
                return new DaftStruct((Map<String, ?>) v, t);
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.put(toJdbc(e.getKey(), t.mapKey()), toJdbc(e.getValue(), t.mapValue().dataType()));
                }
                return Collections.unmodifiableMap(out);
            }
            default:
                if (v instanceof LocalDate) {
                    // by epoch milliseconds (as Avatica gives a DATE column), not Date.valueOf: years BC keep their era
                    return new java.sql.Date(((LocalDate) v).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli());
                }
                if (v instanceof LocalDateTime) {
                    return JdbcTimestamps.toJdbc((LocalDateTime) v);
                }
                if (v instanceof Instant) {
                    return JdbcTimestamps.toJdbc((Instant) v);
                }
                return v;
        }
    }

    /** The inverse of {@link #toJdbc}: a JDBC value (or a value already in SqlResult's form) in SqlResult's form. */
    public static Object toValues(Object v, DataType t) {
        if (v == null) {
            return null;
        }
        switch (t.id()) {
            case LIST:
                return v instanceof DaftArray ? ((DaftArray) v).elements() : v;
            case STRUCT:
                return v instanceof DaftStruct ? ((DaftStruct) v).fields() : v;
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.put(toValues(e.getKey(), t.mapKey()), toValues(e.getValue(), t.mapValue().dataType()));
                }
                return out;
            }
            case DATE:
                return v instanceof java.sql.Date
                        ? Instant.ofEpochMilli(((java.sql.Date) v).getTime()).atZone(ZoneId.systemDefault()).toLocalDate() : v;
            case TIMESTAMP:
                if (v instanceof Timestamp) {
                    return t.timeZone().isPresent() ? ((Timestamp) v).toInstant() : JdbcTimestamps.toLocalDateTime((Timestamp) v);
                }
                return v;
            default:
                return v;
        }
    }

    static boolean deepEquals(Object a, Object b) {
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.deepEquals(a, b);
    }

    /** DuckDB's text of a nested value (JDBC or SqlResult form), as {@code getString} gives it; null for NULL. */
    public static String text(Object v, DataType t) {
        return v == null ? null : io.daft.calcite.cli.CellText.text(toValues(v, t), t);
    }

    // ---- exact text, for the Avatica wire

    /**
     * A nested value (JDBC or SqlResult form) as exact JSON text for the wire: lists as arrays, structs as arrays of
     * their fields in order, maps as arrays of {@code [key, value]} pairs; integers and booleans bare; floats,
     * decimals, dates, timestamps (ISO) and binary (hex) as strings of their exact text. {@link #fromText} reads it
     * back given the same type.
     */
    public static String toText(Object v, DataType t) {
        StringBuilder sb = new StringBuilder();
        writeText(sb, toValues(v, t), t);
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
        return toJdbc(v, t);
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

    // ---- result sets

    /** Where a wrapped result set's nested column values come from. */
    interface Source {
        Object get(ResultSet rs, int column, DataType type) throws SQLException;
    }

    /**
     * {@code rs} with its nested columns (JAVA_OBJECT columns named with a nested {@link #typeName}, as a Daft plan's
     * result has them) typed ARRAY, STRUCT or OTHER, and read as {@link DaftArray}, {@link DaftStruct} or Map.
     */
    public static ResultSet wrap(ResultSet rs) throws SQLException {
        return wrap(rs, Types.JAVA_OBJECT, (r, c, t) -> r.getObject(c));
    }

    /**
     * A remote client's {@code rs}: its nested columns arrive as VARCHAR columns named with their type, holding
     * {@link #toText}'s text; they are read back as {@link #wrap} reads them.
     */
    public static ResultSet wrapText(ResultSet rs) throws SQLException {
        return wrap(rs, Types.VARCHAR, (r, c, t) -> {
            try {
                return fromText(r.getString(c), t);
            } catch (IllegalArgumentException e) {
                throw new SQLException("column " + c + ": " + e.getMessage(), "22000", e);
            }
        });
    }

    /** The nested types of {@code md}'s columns declared {@code carrier} with a nested type name; null for others. */
    static DataType[] nestedColumns(ResultSetMetaData md, int carrier) throws SQLException {
        int n = md.getColumnCount();
        DataType[] types = new DataType[n + 1];
        for (int i = 1; i <= n; i++) {
            if (md.getColumnType(i) == carrier) {
                types[i] = nestedType(md.getColumnTypeName(i)).orElse(null);
            }
        }
        return types;
    }

    private static ResultSet wrap(ResultSet rs, int carrier, Source source) throws SQLException {
        DataType[] types = nestedColumns(rs.getMetaData(), carrier);
        if (Arrays.stream(types).allMatch(t -> t == null)) {
            return rs;
        }
        ResultSetMetaData md = metaData(rs.getMetaData(), types);
        return (ResultSet) Proxy.newProxyInstance(JdbcNested.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    String name = m.getName();
                    if (name.equals("getMetaData")) {
                        return md;
                    }
                    int column = args != null && args.length >= 1 && name.startsWith("get") ? JdbcTimestamps.column(rs, args[0]) : 0;
                    if (column > 0 && column < types.length && types[column] != null) {
                        DataType t = types[column];
                        switch (name) {
                            case "getObject":
                                if (args.length == 1 || args[1] instanceof Map) {
                                    return source.get(rs, column, t);
                                }
                                return args[1] == String.class ? text(source.get(rs, column, t), t)
                                        : as(source.get(rs, column, t), (Class<?>) args[1], column);
                            case "getArray":
                                return as(source.get(rs, column, t), Array.class, column);
                            case "getString":
                            case "getNString":
                                return text(source.get(rs, column, t), t);
                            default:
                                break;
                        }
                    }
                    try {
                        return m.invoke(rs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Object as(Object v, Class<?> type, int column) throws SQLException {
        if (v == null || type.isInstance(v)) {
            return v;
        }
        if (type == String.class) {
            return v instanceof byte[] ? HexFormat.of().formatHex((byte[]) v) : v.toString();
        }
        throw new SQLException("column " + column + " holds a " + v.getClass().getSimpleName() + ", not a "
                + type.getSimpleName(), "22000");
    }

    /** Statement metadata: nested columns declared {@code carrier} (JAVA_OBJECT, or VARCHAR on the wire) typed as {@link #wrap} types them. */
    public static ResultSetMetaData metaData(ResultSetMetaData md, int carrier) throws SQLException {
        if (md == null) {
            return null;
        }
        DataType[] types = nestedColumns(md, carrier);
        return Arrays.stream(types).allMatch(t -> t == null) ? md : metaData(md, types);
    }

    private static ResultSetMetaData metaData(ResultSetMetaData md, DataType[] types) {
        return (ResultSetMetaData) Proxy.newProxyInstance(JdbcNested.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (p, m, args) -> {
                    String n = m.getName();
                    if (args != null && args.length == 1 && args[0] instanceof Integer) {
                        int i = (Integer) args[0];
                        if (i > 0 && i < types.length && types[i] != null) {
                            switch (n) {
                                case "getColumnType": return sqlType(types[i]);
                                case "getColumnClassName": return className(types[i]);
                                default: break;
                            }
                        }
                    }
                    try {
                        return m.invoke(md, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * {@link java.sql.Array#getResultSet}: one row per element, INDEX (its 1-based position in the array) and VALUE
     * (the element as {@link #toJdbc} gives it; nested ones by {@code getArray}/{@code getObject(i, Struct.class)}).
     */
    static ResultSet arrayResultSet(Object[] values, int firstIndex, DataType elementType) {
        int[] row = {-1};
        boolean[] wasNull = {false};
        boolean[] closed = {false};
        ResultSetMetaData md = (ResultSetMetaData) Proxy.newProxyInstance(JdbcNested.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, (p, m, args) -> {
                    int i = args != null && args.length == 1 && args[0] instanceof Integer ? (Integer) args[0] : 0;
                    switch (m.getName()) {
                        case "getColumnCount": return 2;
                        case "getColumnName":
                        case "getColumnLabel": return i == 1 ? "INDEX" : "VALUE";
                        case "getColumnType": return i == 1 ? Types.INTEGER : sqlType(elementType);
                        case "getColumnTypeName": return i == 1 ? "INTEGER" : typeName(elementType);
                        case "getColumnClassName": return i == 1 ? Integer.class.getName()
                                : elementType.isNested() ? className(elementType) : Object.class.getName();
                        case "isNullable": return i == 1 ? ResultSetMetaData.columnNoNulls : ResultSetMetaData.columnNullable;
                        case "unwrap": return null;
                        case "isWrapperFor": return false;
                        case "toString": return "ArrayResultSetMetaData";
                        default: throw new java.sql.SQLFeatureNotSupportedException(m.getName());
                    }
                });
        return (ResultSet) Proxy.newProxyInstance(JdbcNested.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    String name = m.getName();
                    switch (name) {
                        case "next":
                            if (row[0] < values.length) {
                                row[0]++;
                            }
                            return row[0] < values.length;
                        case "close":
                            closed[0] = true;
                            return null;
                        case "isClosed": return closed[0];
                        case "getMetaData": return md;
                        case "wasNull": return wasNull[0];
                        case "findColumn": return column(args[0]);
                        case "getRow": return row[0] >= 0 && row[0] < values.length ? row[0] + 1 : 0;
                        case "getType": return ResultSet.TYPE_FORWARD_ONLY;
                        case "getConcurrency": return ResultSet.CONCUR_READ_ONLY;
                        case "unwrap": return null;
                        case "isWrapperFor": return false;
                        case "equals": return p == args[0];
                        case "hashCode": return System.identityHashCode(p);
                        case "toString": return "ArrayResultSet" + Arrays.toString(values);
                        default:
                            break;
                    }
                    if (!name.startsWith("get") || args == null || args.length == 0) {
                        throw new java.sql.SQLFeatureNotSupportedException(name);
                    }
                    if (row[0] < 0 || row[0] >= values.length) {
                        throw new SQLException("no current row", "24000");
                    }
                    int c = column(args[0]);
                    Object v = c == 1 ? (Object) (firstIndex + row[0]) : values[row[0]];
                    wasNull[0] = v == null;
                    Calendar cal = args.length == 2 && args[1] instanceof Calendar ? (Calendar) args[1] : null;
                    return cell(name, v, args.length == 2 && args[1] instanceof Class ? (Class<?>) args[1] : null,
                            cal, elementType);
                });
    }

    private static int column(Object key) throws SQLException {
        if (key instanceof Integer && ((Integer) key == 1 || (Integer) key == 2)) {
            return (Integer) key;
        }
        if (key instanceof String && ((String) key).equalsIgnoreCase("INDEX")) {
            return 1;
        }
        if (key instanceof String && ((String) key).equalsIgnoreCase("VALUE")) {
            return 2;
        }
        throw new SQLException("no column " + key + " in an array's result set (INDEX, VALUE)", "42703");
    }

    /** One getter of an array result set's cell. */
    private static Object cell(String getter, Object v, Class<?> type, Calendar cal, DataType elementType) throws SQLException {
        switch (getter) {
            case "getObject":
                return type == null ? v : as(v, type, 2);
            case "getString":
            case "getNString":
                return v == null ? null : v instanceof byte[] ? HexFormat.of().formatHex((byte[]) v) : v.toString();
            case "getArray":
                return as(v, Array.class, 2);
            case "getBytes":
                return as(v, byte[].class, 2);
            case "getBoolean":
                return v != null && (Boolean) v;
            case "getBigDecimal":
                return v == null ? null : v instanceof BigDecimal ? v : new BigDecimal(v.toString());
            case "getTimestamp": {
                Timestamp ts = (Timestamp) as(v, Timestamp.class, 2);
                if (ts == null || cal == null || elementType.timeZone().isPresent()) {
                    return ts;
                }
                // a wall-clock time in the calendar's zone, as getTimestamp(i, cal) reads a TIMESTAMP column
                Timestamp out = Timestamp.from(JdbcTimestamps.toLocalDateTime(ts).atZone(cal.getTimeZone().toZoneId()).toInstant());
                out.setNanos(ts.getNanos());
                return out;
            }
            case "getDate": {
                java.sql.Date d = (java.sql.Date) as(v, java.sql.Date.class, 2);
                if (d == null || cal == null) {
                    return d;
                }
                ZoneId zone = cal.getTimeZone().toZoneId();
                return new java.sql.Date(((LocalDate) toValues(d, DataType.DATE)).atStartOfDay(zone).toInstant().toEpochMilli());
            }
            default:
                break;
        }
        Number n = v == null ? 0 : (Number) as(v, Number.class, 2);
        switch (getter) {
            case "getByte": return n.byteValue();
            case "getShort": return n.shortValue();
            case "getInt": return n.intValue();
            case "getLong": return n.longValue();
            case "getFloat": return n.floatValue();
            case "getDouble": return n.doubleValue();
            default: throw new java.sql.SQLFeatureNotSupportedException(getter);
        }
    }
}
