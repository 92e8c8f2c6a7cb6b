package io.daft.jdbc;

import io.daft.calcite.JdbcTimestamps;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * Timestamps over the Avatica wire at full precision. Avatica's wire format carries a TIMESTAMP as epoch
 * milliseconds, so for a connection of the Daft remote driver (which asks with {@link #PROPERTY}) the server sends
 * timestamp columns as VARCHAR holding the exact ISO text ({@link LocalDateTime#toString()}, or
 * {@link Instant#toString()} with a time zone), keeping their type name ({@code TIMESTAMP(9)}); the remote driver
 * turns such columns back into timestamps read as the embedded driver reads them ({@link JdbcTimestamps#wrap}).
 * Plain Avatica clients never ask, and get TIMESTAMP columns in milliseconds.
 */
final class TimestampText {
    /**
     * The connection property with which a remote client asks for timestamps, and nested values ({@link NestedText}),
     * as exact text ({@code true}).
     */
    static final String PROPERTY = "daft_timestamps_as_text";

    private TimestampText() {
    }

    private static boolean isTimestamp(ResultSetMetaData md, int i) throws SQLException {
        int t = md.getColumnType(i);
        return t == Types.TIMESTAMP || t == Types.TIMESTAMP_WITH_TIMEZONE;
    }

    private static boolean isSentAsText(ResultSetMetaData md, int i) throws SQLException {
        String name = md.getColumnTypeName(i);
        return md.getColumnType(i) == Types.VARCHAR && name != null && name.startsWith("TIMESTAMP");
    }

    private static boolean zoned(ResultSetMetaData md, int i) throws SQLException {
        return md.getColumnTypeName(i).contains("TIME_ZONE");
    }

    /** Server side: the metadata of {@code md} with its timestamp columns declared VARCHAR (type names kept). */
    static ResultSetMetaData sendMetaData(ResultSetMetaData md) {
        if (md == null) {
            return null;
        }
        return (ResultSetMetaData) Proxy.newProxyInstance(TimestampText.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (p, m, args) -> {
                    String n = m.getName();
                    if ((n.equals("getColumnType") || n.equals("getColumnClassName")) && isTimestamp(md, (Integer) args[0])) {
                        return n.equals("getColumnType") ? (Object) Types.VARCHAR : String.class.getName();
                    }
                    return JdbcProxies.invoke(md, m, args);
                });
    }

    /** Server side: {@code rs} (already read at full precision) with its timestamp columns as exact ISO text. */
    static ResultSet send(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        // 0: not a timestamp; 1: TIMESTAMP; 2: with a time zone
        int[] kinds = new int[n + 1];
        boolean any = false;
        for (int i = 1; i <= n; i++) {
            if (isTimestamp(md, i)) {
                kinds[i] = zoned(md, i) ? 2 : 1;
                any = true;
            }
        }
        if (!any) {
            return rs;
        }
        ResultSetMetaData sent = sendMetaData(md);
        return (ResultSet) Proxy.newProxyInstance(TimestampText.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    String name = m.getName();
                    if (name.equals("getMetaData")) {
                        return sent;
                    }
                    if ((name.equals("getObject") || name.equals("getString")) && args.length == 1 && args[0] instanceof Integer
                            && kinds[(Integer) args[0]] != 0) {
                        int i = (Integer) args[0];
                        Object v = kinds[i] == 2 ? rs.getObject(i, Instant.class) : rs.getObject(i, LocalDateTime.class);
                        return v == null ? null : v.toString();
                    }
                    return JdbcProxies.invoke(rs, m, args);
                });
    }

    /** Client side: {@code rs} with the columns the server sent as text read as timestamps at full precision. */
    static ResultSet receive(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        int[] kinds = new int[n + 1];
        boolean any = false;
        for (int i = 1; i <= n; i++) {
            if (isSentAsText(md, i)) {
                kinds[i] = zoned(md, i) ? 2 : 1;
                any = true;
            }
        }
        if (!any) {
            return rs;
        }
        ResultSetMetaData received = receiveMetaData(md, kinds);
        ResultSet timestamps = (ResultSet) Proxy.newProxyInstance(TimestampText.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    String name = m.getName();
                    if (name.equals("getMetaData")) {
                        return received;
                    }
                    int column = args != null && args.length >= 1 && name.startsWith("get") ? JdbcTimestamps.column(rs, args[0]) : 0;
                    if (column > 0 && kinds[column] != 0 && (name.equals("getTimestamp")
                            || (name.equals("getObject") && args.length == 1))) {
                        return parse(rs.getString(column), kinds[column] == 2, column);
                    }
                    return JdbcProxies.invoke(rs, m, args);
                });
        return JdbcTimestamps.wrap(timestamps);
    }

    /** Client side: a prepared statement's metadata with the columns the server sends as text declared TIMESTAMP. */
    static ResultSetMetaData receiveMetaData(ResultSetMetaData md) throws SQLException {
        if (md == null) {
            return null;
        }
        int n = md.getColumnCount();
        int[] kinds = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            kinds[i] = isSentAsText(md, i) ? 1 : 0;
        }
        return receiveMetaData(md, kinds);
    }

    private static ResultSetMetaData receiveMetaData(ResultSetMetaData md, int[] kinds) {
        return (ResultSetMetaData) Proxy.newProxyInstance(TimestampText.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (p, m, args) -> {
                    String n = m.getName();
                    if ((n.equals("getColumnType") || n.equals("getColumnClassName")) && kinds[(Integer) args[0]] != 0) {
                        return n.equals("getColumnType") ? (Object) Types.TIMESTAMP : Timestamp.class.getName();
                    }
                    return JdbcProxies.invoke(md, m, args);
                });
    }

    private static Timestamp parse(String text, boolean zoned, int column) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return zoned ? JdbcTimestamps.toJdbc(Instant.parse(text)) : JdbcTimestamps.toJdbc(LocalDateTime.parse(text));
        } catch (DateTimeParseException e) {
            throw new SQLException("column " + column + ": the server sent '" + text + "', not a timestamp", "22007", e);
        }
    }
}
