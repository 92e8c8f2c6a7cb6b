package io.daft.calcite;

import io.daft.core.DataType;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HexFormat;

/**
 * {@link java.sql.Array#getResultSet} of a {@link DaftArray}: one row per element, INDEX (its 1-based position in the
 * array) and VALUE (the element as {@link JdbcNested#toJdbc} gives it; nested ones by {@code getArray} or
 * {@code getObject(i, Struct.class)}), as a minimal forward-only result set.
 */
final class ArrayResultSet {
    private ArrayResultSet() {
    }

    /** The result set of {@code values}, the first at position {@code firstIndex}. */
    static ResultSet create(Object[] values, int firstIndex, DataType elementType) {
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
                        case "getColumnType": return i == 1 ? Types.INTEGER : NestedTypes.sqlType(elementType);
                        case "getColumnTypeName": return i == 1 ? "INTEGER" : NestedTypes.typeName(elementType);
                        case "getColumnClassName": return i == 1 ? Integer.class.getName()
                                : elementType.isNested() ? NestedTypes.className(elementType) : Object.class.getName();
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
                return type == null ? v : JdbcNested.as(v, type, 2);
            case "getString":
            case "getNString":
                return v == null ? null : v instanceof byte[] ? HexFormat.of().formatHex((byte[]) v) : v.toString();
            case "getArray":
                return JdbcNested.as(v, Array.class, 2);
            case "getBytes":
                return JdbcNested.as(v, byte[].class, 2);
            case "getBoolean":
                return v != null && (Boolean) v;
            case "getBigDecimal":
                return v == null ? null : v instanceof BigDecimal ? v : new BigDecimal(v.toString());
            case "getTimestamp": {
                Timestamp ts = (Timestamp) JdbcNested.as(v, Timestamp.class, 2);
                if (ts == null || cal == null || elementType.timeZone().isPresent()) {
                    return ts;
                }
                // a wall-clock time in the calendar's zone, as getTimestamp(i, cal) reads a TIMESTAMP column
                Timestamp out = Timestamp.from(JdbcTimestamps.toLocalDateTime(ts).atZone(cal.getTimeZone().toZoneId()).toInstant());
                out.setNanos(ts.getNanos());
                return out;
            }
            case "getDate": {
                java.sql.Date d = (java.sql.Date) JdbcNested.as(v, java.sql.Date.class, 2);
                if (d == null || cal == null) {
                    return d;
                }
                ZoneId zone = cal.getTimeZone().toZoneId();
                return new java.sql.Date(((LocalDate) JdbcNested.toValues(d, DataType.DATE)).atStartOfDay(zone).toInstant().toEpochMilli());
            }
            default:
                break;
        }
        Number n = v == null ? 0 : (Number) JdbcNested.as(v, Number.class, 2);
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
