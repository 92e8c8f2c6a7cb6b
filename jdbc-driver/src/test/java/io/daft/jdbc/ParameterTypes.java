package io.daft.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `?` parameters of every type, checked against the tables (shared by the embedded and remote tests). */
final class ParameterTypes {
    private ParameterTypes() {
    }

    static void check(Connection c) throws SQLException {
        // integer, string, decimal, date parameters in filters
        try (PreparedStatement ps = c.prepareStatement(
                "select count(*) from orders where o_orderkey <= ? and o_orderstatus = ? and o_totalprice >= ? and o_orderdate >= ?")) {
            ps.setLong(1, 1000);
            ps.setString(2, "F");
            ps.setBigDecimal(3, new BigDecimal("0.00"));
            ps.setDate(4, Date.valueOf("1994-01-01"));
            assertEquals(one(ps), count(c, "select count(*) from orders where o_orderkey <= 1000 and o_orderstatus = 'F'"));
            ps.setInt(1, 30);
            ps.setString(2, "O");
            assertEquals(one(ps), count(c, "select count(*) from orders where o_orderkey <= 30 and o_orderstatus = 'O'"));
        }
        // parameters as values of each type, read back
        try (PreparedStatement ps = c.prepareStatement(
                "select cast(? as integer) as i, cast(? as bigint) as b, cast(? as double) as d, cast(? as varchar) as s, "
                        + "cast(? as boolean) as z, cast(? as decimal(10,2)) as m, cast(? as date) as dt, cast(? as smallint) as sm, "
                        + "cast(? as real) as r, cast(? as timestamp) as ts, cast(? as tinyint) as ti from nation where n_nationkey = 0")) {
            ps.setInt(1, 42);
            ps.setLong(2, 1L << 40);
            ps.setDouble(3, 2.5);
            ps.setString(4, "héllo");
            ps.setBoolean(5, true);
            ps.setBigDecimal(6, new BigDecimal("12.34"));
            ps.setDate(7, Date.valueOf("2024-02-29"));
            ps.setShort(8, (short) 7);
            ps.setFloat(9, 1.5f);
            ps.setTimestamp(10, Timestamp.valueOf("2024-02-29 12:34:56"));
            ps.setByte(11, (byte) 3);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
                assertEquals(1L << 40, rs.getLong(2));
                assertEquals(2.5, rs.getDouble(3));
                assertEquals("héllo", rs.getString(4));
                assertTrue(rs.getBoolean(5));
                assertEquals(new BigDecimal("12.34"), rs.getBigDecimal(6));
                assertEquals(Date.valueOf("2024-02-29"), rs.getDate(7));
                assertEquals(7, rs.getShort(8));
                assertEquals(1.5f, rs.getFloat(9));
                assertEquals(Timestamp.valueOf("2024-02-29 12:34:56"), rs.getTimestamp(10));
                assertEquals(3, rs.getByte(11));
                assertEquals(Types.INTEGER, rs.getMetaData().getColumnType(1));
                assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(2));
                assertEquals(Types.DOUBLE, rs.getMetaData().getColumnType(3));
                assertEquals(Types.DECIMAL, rs.getMetaData().getColumnType(6));
                assertEquals(10, rs.getMetaData().getPrecision(6));
                assertEquals(2, rs.getMetaData().getScale(6));
                assertEquals(Types.DATE, rs.getMetaData().getColumnType(7));
                assertFalse(rs.next());
            }
            // a null parameter
            ps.setNull(1, Types.INTEGER);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                rs.getInt(1);
                assertTrue(rs.wasNull());
            }
        }
    }

    private static long one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return one(ps);
        }
    }
}
