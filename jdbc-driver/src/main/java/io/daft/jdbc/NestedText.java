package io.daft.jdbc;

import io.daft.calcite.JdbcNested;
import io.daft.calcite.NestedTypes;
import io.daft.calcite.NestedWireText;
import io.daft.core.DataType;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * Nested values over the Avatica wire, exactly. Avatica serializes an ARRAY through its elements' accessors (a NULL
 * array inside an array, timestamps beyond milliseconds and maps are lost or fail), so for a connection of the Daft
 * remote driver (which asks with {@link TimestampText#PROPERTY}) the server sends nested columns as VARCHAR holding
 * {@link NestedWireText#toText}'s exact JSON, keeping their type name ({@code INTEGER[]}, {@code STRUCT(a INTEGER)},
 * {@code MAP(VARCHAR, BIGINT)}); the remote driver reads them back ({@link JdbcNested#wrapText}) as the embedded
 * driver gives them: {@code java.sql.Array}, {@code java.sql.Struct}, {@code Map}. Other Avatica clients get
 * DuckDB's text of the value in a VARCHAR column ({@link Form#DUCKDB_TEXT}).
 */
final class NestedText {
    /** The connection property with which the server marks the connections it serves ({@code true}). */
    static final String SERVED = "daft_served";

    /** How a connection hands out its nested columns. */
    enum Form {
        /** As values ({@code java.sql.Array}, {@code Struct}, {@code Map}): an embedded connection. */
        VALUES,
        /** As exact JSON text, for the Daft remote driver. */
        EXACT,
        /**
         * As DuckDB's text ({@code [1, NULL]}, {@code {'a': 1}}, {@code {k=1}}), for any other Avatica client:
         * Avatica's server fails on a MAP column, a NULL struct and structs in general, and its client on arrays
         * of which it knows no element type.
         */
        DUCKDB_TEXT
    }

    private NestedText() {
    }

    /** The nested type of a column the embedded driver declares ARRAY, STRUCT or OTHER with a nested type name. */
    private static Optional<DataType> nested(ResultSetMetaData md, int i) throws SQLException {
        int t = md.getColumnType(i);
        return t == Types.ARRAY || t == Types.STRUCT || t == Types.OTHER
                ? NestedTypes.nestedType(md.getColumnTypeName(i)) : Optional.empty();
    }

    /** Server side: the metadata of {@code md} with its nested columns declared VARCHAR (type names kept), unless {@link Form#VALUES}. */
    static ResultSetMetaData sendMetaData(ResultSetMetaData md, Form form) throws SQLException {
        if (md == null || form == Form.VALUES) {
            return md;
        }
        DataType[] types = types(md);
        if (types == null) {
            return md;
        }
        return (ResultSetMetaData) Proxy.newProxyInstance(NestedText.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (p, m, args) -> {
                    String n = m.getName();
                    if ((n.equals("getColumnType") || n.equals("getColumnClassName")) && types[(Integer) args[0]] != null) {
                        return n.equals("getColumnType") ? (Object) Types.VARCHAR : String.class.getName();
                    }
                    return JdbcProxies.invoke(md, m, args);
                });
    }

    /** The nested columns' types (null for others), or null when there is none. */
    private static DataType[] types(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        DataType[] types = new DataType[n + 1];
        boolean any = false;
        for (int i = 1; i <= n; i++) {
            types[i] = nested(md, i).orElse(null);
            any |= types[i] != null;
        }
        return any ? types : null;
    }

    /** Server side: {@code rs} (as {@link JdbcNested#wrap} gives it) with its nested columns as text of the given form. */
    static ResultSet send(ResultSet rs, Form form) throws SQLException {
        if (form == Form.VALUES) {
            return rs;
        }
        ResultSetMetaData md = rs.getMetaData();
        DataType[] types = types(md);
        if (types == null) {
            return rs;
        }
        ResultSetMetaData sent = sendMetaData(md, form);
        return (ResultSet) Proxy.newProxyInstance(NestedText.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    String name = m.getName();
                    if (name.equals("getMetaData")) {
                        return sent;
                    }
                    if ((name.equals("getObject") || name.equals("getString")) && args.length == 1 && args[0] instanceof Integer
                            && types[(Integer) args[0]] != null) {
                        Object v = rs.getObject((Integer) args[0]);
                        return v == null ? null : form == Form.EXACT ? NestedWireText.toText(v, types[(Integer) args[0]]) : JdbcNested.text(v, types[(Integer) args[0]]);
                    }
                    return JdbcProxies.invoke(rs, m, args);
                });
    }
}
