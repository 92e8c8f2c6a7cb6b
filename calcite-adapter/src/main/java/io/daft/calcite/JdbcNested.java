package io.daft.calcite;

import io.daft.core.DataType;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nested values (Daft LIST, MAP, STRUCT; SQL ARRAY, MAP, ROW) through JDBC, as DuckDB's driver gives them:
 * {@code getObject} answers a {@link DaftArray} ({@code java.sql.Array}), a {@link DaftStruct}
 * ({@code java.sql.Struct}) or an ordered {@link Map}, with every value inside at its full precision
 * ({@link #toJdbc}); the column's type name is DuckDB's ({@code INTEGER[]}, {@code STRUCT(a INTEGER, b VARCHAR)},
 * {@code MAP(VARCHAR, INTEGER)}, {@link NestedTypes#typeName}) and its type ARRAY, STRUCT or OTHER (as DuckDB's for MAP).
 * <p>
 * A Daft plan's rows hold nested values already in that form, under a JAVA_OBJECT column named with the type name
 * (so Avatica's accessors hand them out untouched); {@link #wrap} gives such columns their JDBC type. Over the
 * Avatica wire, where nested values lose their NULL elements' and timestamps' precision, a nested value travels as
 * exact JSON text ({@link NestedWireText}) under the same type name, which {@link NestedTypes#parseTypeName} reads.
 */
public final class JdbcNested {
    private JdbcNested() {
    }

    /**
     * A value of type {@code t} as {@link SqlResult} holds it (List, Map by key, Map by field name, LocalDate,
     * LocalDateTime, Instant, ...) as a JDBC value: LIST a {@link DaftArray}, STRUCT a {@link DaftStruct}, MAP an
     * unmodifiable ordered Map of JDBC values, DATE a {@link java.sql.Date} (midnight in the JVM's zone), TIMESTAMP
     * a {@link Timestamp} with its nanoseconds ({@link JdbcTimestamps#toJdbc}); other values as they are.
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

    // ---- result sets

    /** Where a wrapped result set's nested column values come from. */
    interface Source {
        Object get(ResultSet rs, int column, DataType type) throws SQLException;
    }

    /**
     * {@code rs} with its nested columns (JAVA_OBJECT columns named with a nested {@link NestedTypes#typeName}, as a Daft plan's
     * result has them) typed ARRAY, STRUCT or OTHER, and read as {@link DaftArray}, {@link DaftStruct} or Map.
     */
    public static ResultSet wrap(ResultSet rs) throws SQLException {
        return wrap(rs, Types.JAVA_OBJECT, (r, c, t) -> r.getObject(c));
    }

    /**
     * A remote client's {@code rs}: its nested columns arrive as VARCHAR columns named with their type, holding
     * {@link NestedWireText#toText}'s text; they are read back as {@link #wrap} reads them.
     */
    public static ResultSet wrapText(ResultSet rs) throws SQLException {
        return wrap(rs, Types.VARCHAR, (r, c, t) -> {
            try {
                return NestedWireText.fromText(r.getString(c), t);
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
                types[i] = NestedTypes.nestedType(md.getColumnTypeName(i)).orElse(null);
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

    static Object as(Object v, Class<?> type, int column) throws SQLException {
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
                                case "getColumnType": return NestedTypes.sqlType(types[i]);
                                case "getColumnClassName": return NestedTypes.className(types[i]);
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
}
