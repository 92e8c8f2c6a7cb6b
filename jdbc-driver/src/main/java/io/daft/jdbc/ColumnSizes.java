package io.daft.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Types;

/**
 * {@code DatabaseMetaData.getColumns} with a COLUMN_SIZE for every type: Calcite reports -1 where a type has no
 * declared precision, which BI tools take as "unknown" (some refuse the column). Sizes follow JDBC's rules:
 * digits for numbers, characters of the text form for dates and timestamps, {@code Integer.MAX_VALUE} for
 * unbounded strings.
 */
final class ColumnSizes {
    private static final int DATA_TYPE = 5;
    private static final int COLUMN_SIZE = 7;

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

    private static boolean isColumnSize(Object column) {
        return column instanceof Integer ? (Integer) column == COLUMN_SIZE
                : column instanceof String && ((String) column).equalsIgnoreCase("COLUMN_SIZE");
    }
}
