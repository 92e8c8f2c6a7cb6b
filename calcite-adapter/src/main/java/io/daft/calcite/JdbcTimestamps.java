package io.daft.calcite;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;

/**
 * Timestamps through JDBC at the precision they have (micro- and nanoseconds), as DuckDB's driver gives them.
 * A Daft query's rows carry each timestamp as a {@link Timestamp} with its nanoseconds ({@link #toJdbc}), but
 * Avatica's accessors rebuild a Timestamp from epoch milliseconds for {@code getTimestamp}, {@code getObject} and
 * {@code getString}; {@link #wrap} answers those for timestamp columns from the value itself:
 * {@code getTimestamp}/{@code getObject} give the Timestamp with its nanos, {@code getObject(i, LocalDateTime.class)}
 * the exact wall-clock time (years BC too, which {@code java.sql.Timestamp}'s calendar cannot show), and
 * {@code getString} DuckDB's text ({@link #format}).
 */
public final class JdbcTimestamps {
    private JdbcTimestamps() {
    }

    /** A TIMESTAMP value for JDBC: the wall-clock time in the JVM's zone (so {@code toString} shows it). */
    public static Timestamp toJdbc(LocalDateTime t) {
        return Timestamp.from(t.atZone(ZoneId.systemDefault()).toInstant());
    }

    /** A TIMESTAMP WITH LOCAL TIME ZONE value for JDBC: the instant. */
    public static Timestamp toJdbc(Instant t) {
        return Timestamp.from(t);
    }

    /** The wall-clock time {@link #toJdbc(LocalDateTime)} holds. */
    public static LocalDateTime toLocalDateTime(Timestamp t) {
        return LocalDateTime.ofInstant(t.toInstant(), ZoneId.systemDefault());
    }

    /**
     * DuckDB's text of a timestamp: {@code yyyy-MM-dd HH:mm:ss[.f]} with the fraction's trailing zeros dropped,
     * years BC as {@code 0044-03-15 (BC) 12:00:00}.
     */
    public static String format(LocalDateTime t) {
        int year = t.getYear();
        StringBuilder sb = new StringBuilder(32);
        sb.append(String.format(Locale.ROOT, "%04d-%02d-%02d", year > 0 ? year : 1 - year, t.getMonthValue(), t.getDayOfMonth()));
        if (year <= 0) {
            sb.append(" (BC)");
        }
        sb.append(String.format(Locale.ROOT, " %02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) {
            sb.append('.').append(String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", ""));
        }
        return sb.toString();
    }

    /** DuckDB's text of a zoned timestamp, kept in UTC: {@link #format(LocalDateTime)} with its offset, {@code +00}. */
    public static String format(Instant t) {
        return format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + "+00";
    }

    /** {@code rs} with its timestamp columns read at full precision (see the class comment). */
    public static ResultSet wrap(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        // 0: not a timestamp; 1: TIMESTAMP; 2: TIMESTAMP WITH LOCAL TIME ZONE
        int[] kinds = new int[n + 1];
        boolean any = false;
        for (int i = 1; i <= n; i++) {
            if (md.getColumnType(i) == Types.TIMESTAMP || md.getColumnType(i) == Types.TIMESTAMP_WITH_TIMEZONE) {
                kinds[i] = md.getColumnTypeName(i).contains("TIME_ZONE") ? 2 : 1;
                any = true;
            }
        }
        if (!any) {
            return rs;
        }
        return (ResultSet) Proxy.newProxyInstance(JdbcTimestamps.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    int column = args != null && args.length >= 1 && m.getName().startsWith("get") ? column(rs, args[0]) : 0;
                    if (column > 0 && kinds[column] != 0) {
                        Timestamp raw = rs.getTimestamp(column, null);
                        switch (call(m, args)) {
                            case OBJECT:
                            case TIMESTAMP:
                                return raw;
                            case TIMESTAMP_IN_ZONE:
                                return raw == null || kinds[column] == 2 ? raw : Timestamp.from(
                                        toLocalDateTime(raw).atZone(((Calendar) args[1]).getTimeZone().toZoneId()).toInstant());
                            case STRING:
                                return raw == null ? null : kinds[column] == 2
                                        ? format(LocalDateTime.ofInstant(raw.toInstant(), ZoneOffset.UTC)) + "+00"
                                        : format(toLocalDateTime(raw));
                            case OBJECT_AS: {
                                Object v = as(raw, kinds[column] == 2, (Class<?>) args[1]);
                                if (v != null || raw == null) {
                                    return v;
                                }
                                break;
                            }
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

    private enum Call { OBJECT, TIMESTAMP, TIMESTAMP_IN_ZONE, STRING, OBJECT_AS, OTHER }

    private static Call call(Method m, Object[] args) {
        switch (m.getName()) {
            case "getObject":
                return args.length == 1 ? Call.OBJECT : args[1] instanceof Class ? Call.OBJECT_AS : Call.OTHER;
            case "getTimestamp":
                return args.length == 1 || args[1] == null ? Call.TIMESTAMP : Call.TIMESTAMP_IN_ZONE;
            case "getString":
                return Call.STRING;
            default:
                return Call.OTHER;
        }
    }

    /** {@code getObject(i, type)} of a timestamp, or null to leave it to the driver. */
    private static Object as(Timestamp raw, boolean instant, Class<?> type) {
        if (raw == null) {
            return null;
        }
        if (type == Timestamp.class) {
            return raw;
        }
        LocalDateTime wall = instant ? LocalDateTime.ofInstant(raw.toInstant(), ZoneOffset.UTC) : toLocalDateTime(raw);
        if (type == LocalDateTime.class) {
            return wall;
        }
        if (instant && type == Instant.class) {
            return raw.toInstant();
        }
        if (instant && type == OffsetDateTime.class) {
            return raw.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (type == String.class) {
            return instant ? format(raw.toInstant()) : format(wall);
        }
        return null;
    }

    /** The column a getter's first argument names (an index or a label), 0 when it names none. */
    public static int column(ResultSet rs, Object key) throws SQLException {
        if (key instanceof Integer) {
            return (Integer) key;
        }
        if (key instanceof String) {
            try {
                return rs.findColumn((String) key);
            } catch (SQLException e) {
                return 0;
            }
        }
        return 0;
    }
}
