package io.daft.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;

/**
 * A prepared statement whose {@code ?} parameters are bound as literals ({@link ParameterInliner}) and run
 * through an ordinary statement of the same connection (so session settings, cancel and timeouts apply).
 */
final class InlinedPreparedStatement {
    private InlinedPreparedStatement() {
    }

    static PreparedStatement create(ParameterInliner inliner, Statement inner, Connection connection) {
        Object[] values = new Object[inliner.count()];
        boolean[] set = new boolean[inliner.count()];
        ResultSet[] current = new ResultSet[1];
        ParameterMetaData pmd = parameterMetaData(inliner.count());
        return (PreparedStatement) Proxy.newProxyInstance(InlinedPreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (p, m, args) -> {
                    String name = m.getName();
                    if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer
                            && m.getParameterTypes()[0] == int.class) {
                        int i = (Integer) args[0];
                        if (i < 1 || i > values.length) {
                            throw new SQLException("parameter index " + i + " out of range 1.." + values.length, "07009");
                        }
                        if (name.equals("setNull")) {
                            values[i - 1] = null;
                        } else if (name.equals("setObject") || name.startsWith("set") && isValueSetter(name)) {
                            values[i - 1] = args[1];
                        } else {
                            throw new SQLFeatureNotSupportedException(name + " is not supported for parameters");
                        }
                        set[i - 1] = true;
                        return null;
                    }
                    switch (name) {
                        case "clearParameters":
                            Arrays.fill(values, null);
                            Arrays.fill(set, false);
                            return null;
                        case "execute":
                        case "executeQuery":
                        case "executeUpdate":
                        case "executeLargeUpdate":
                            if (args != null && args.length > 0) {
                                throw new SQLException(name + "(String) cannot be called on a PreparedStatement", "07000");
                            }
                            String sql = inliner.bind(values, set);
                            switch (name) {
                                case "executeQuery":
                                    current[0] = inner.executeQuery(sql);
                                    return current[0];
                                case "executeUpdate":
                                    return inner.executeUpdate(sql);
                                case "executeLargeUpdate":
                                    return inner.executeLargeUpdate(sql);
                                default: {
                                    boolean r = inner.execute(sql);
                                    current[0] = r ? inner.getResultSet() : null;
                                    return r;
                                }
                            }
                        case "getMetaData":
                            return current[0] == null ? null : current[0].getMetaData();
                        case "getParameterMetaData":
                            return pmd;
                        case "getConnection":
                            return connection;
                        case "addBatch":
                        case "executeBatch":
                            throw new SQLFeatureNotSupportedException("batches are not supported");
                        case "unwrap":
                            if (((Class<?>) args[0]).isInstance(p)) {
                                return p;
                            }
                            throw new SQLException("not a wrapper for " + args[0]);
                        case "isWrapperFor":
                            return ((Class<?>) args[0]).isInstance(p);
                        case "equals":
                            return p == args[0];
                        case "hashCode":
                            return System.identityHashCode(p);
                        case "toString":
                            return "DaftPreparedStatement(" + inliner.count() + " parameters)";
                        default:
                            try {
                                return m.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    private static boolean isValueSetter(String name) {
        switch (name) {
            case "setBoolean": case "setByte": case "setShort": case "setInt": case "setLong": case "setFloat":
            case "setDouble": case "setBigDecimal": case "setString": case "setNString": case "setBytes":
            case "setDate": case "setTime": case "setTimestamp":
                return true;
            default:
                return false;
        }
    }

    /** Parameters of unknown type (the value decides): what the metadata can honestly say before binding. */
    private static ParameterMetaData parameterMetaData(int count) {
        return (ParameterMetaData) Proxy.newProxyInstance(InlinedPreparedStatement.class.getClassLoader(),
                new Class<?>[] {ParameterMetaData.class}, (Object p, Method m, Object[] args) -> {
                    switch (m.getName()) {
                        case "getParameterCount": return count;
                        case "isNullable": return ParameterMetaData.parameterNullable;
                        case "isSigned": return true;
                        case "getPrecision": return 0;
                        case "getScale": return 0;
                        case "getParameterType": return Types.OTHER;
                        case "getParameterTypeName": return "ANY";
                        case "getParameterClassName": return Object.class.getName();
                        case "getParameterMode": return ParameterMetaData.parameterModeIn;
                        case "isWrapperFor": return false;
                        case "unwrap": throw new SQLException("not a wrapper");
                        case "hashCode": return System.identityHashCode(p);
                        case "equals": return p == args[0];
                        case "toString": return "ParameterMetaData(" + count + ")";
                        default: throw new SQLFeatureNotSupportedException(m.getName());
                    }
                });
    }
}
