package io.daft.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalInt;

/**
 * {@code DatabaseMetaData.getColumns} with a COLUMN_SIZE for every type: Calcite reports -1 where a type has no
 * declared precision, which BI tools take as "unknown" (some refuse the column). Sizes follow JDBC's rules:
 * digits for numbers, characters of the text form for dates and timestamps, {@code Integer.MAX_VALUE} for
 * unbounded strings. A timestamp's DECIMAL_DIGITS are its fractional-second digits (TIMESTAMP(6): 6, and a size of 26).
 */
final class ColumnSizes {
    private static final int DATA_TYPE = 5;
    private static final int TYPE_NAME = 6;
    private static final int COLUMN_SIZE = 7;
    private static final int DECIMAL_DIGITS = 9;
    private static final java.util.regex.Pattern PRECISION = java.util.regex.Pattern.compile("\\((\\d+)\\)");

    private ColumnSizes() {
    }

    static int defaultSize(int jdbcType) {
        switch (jdbcType) {
            case Types.BOOLEAN: case Types.BIT: return 1;
            case Types.TINYINT: return 3;
            case Types.SMALLINT: return 5;
            case Types.INTEGER: return 10;
            case Types.BIGINT: return 19;
            case Types.REAL: return 7;
            case Types.FLOAT: case Types.DOUBLE: return 15;
            case Types.DATE: return 10;
            case Types.TIME: return 8;
            case Types.TIMESTAMP: return 26;
            case Types.TIMESTAMP_WITH_TIMEZONE: return 32;
            case Types.DECIMAL: case Types.NUMERIC: return 38;
            default: return Integer.MAX_VALUE;   // VARCHAR, VARBINARY, ARRAY, STRUCT: unbounded
        }
    }

    static ResultSet wrap(ResultSet rs) {
        return (ResultSet) Proxy.newProxyInstance(ColumnSizes.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    Object r;
                    try {
                        r = m.invoke(rs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (args != null && args.length == 1 && m.getName().startsWith("get") && r != null
                            && (isColumn(args[0], COLUMN_SIZE, "COLUMN_SIZE") || isColumn(args[0], DECIMAL_DIGITS, "DECIMAL_DIGITS"))) {
                        OptionalInt digits = fractionalDigits(rs);
                        if (digits.isPresent()) {
                            int v = isColumn(args[0], COLUMN_SIZE, "COLUMN_SIZE")
                                    ? 19 + (digits.getAsInt() > 0 ? digits.getAsInt() + 1 : 0) : digits.getAsInt();
                            return r instanceof Long ? (Object) (long) v : r instanceof String ? (Object) Integer.toString(v) : (Object) v;
                        }
                    }
                    if (args != null && args.length == 1 && m.getName().startsWith("get") && isColumnSize(args[0])
                            && r != null && (r instanceof Number || r instanceof String)) {
                        long v = r instanceof Number ? ((Number) r).longValue() : Long.parseLong((String) r);
                        if (v < 0) {
                            int size = defaultSize(rs.getInt(DATA_TYPE));
                            if (r instanceof Integer) {
                                return size;
                            }
                            if (r instanceof Long) {
                                return (long) size;
                            }
                            if (r instanceof String) {
                                return Integer.toString(size);
                            }
                            return size;
                        }
                    }
                    return r;
                });
    }

    /** A timestamp column's fractional digits, from its type name ("TIMESTAMP(6)"); empty for other types. */
    private static OptionalInt fractionalDigits(ResultSet rs) throws SQLException {
        int type = rs.getInt(DATA_TYPE);
        if (type != Types.TIMESTAMP && type != Types.TIMESTAMP_WITH_TIMEZONE) {
            return OptionalInt.empty();
        }
        java.util.regex.Matcher m = PRECISION.matcher(rs.getString(TYPE_NAME));
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static boolean isColumn(Object column, int index, String label) {
        return column instanceof Integer ? (Integer) column == index
                : column instanceof String && ((String) column).equalsIgnoreCase(label);
    }

    private static boolean isColumnSize(Object column) {
        return column instanceof Integer ? (Integer) column == COLUMN_SIZE
                : column instanceof String && ((String) column).equalsIgnoreCase("COLUMN_SIZE");
    }
}
