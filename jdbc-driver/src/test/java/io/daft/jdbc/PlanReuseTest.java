package io.daft.jdbc;

import io.daft.calcite.DaftPrepare;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `?` parameters planned once and bound per execution; repeated query texts reuse their plan. */
class PlanReuseTest {
    @Test
    void aPreparedStatementIsPlannedOnceAndBoundPerExecution() throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedDriverTest.url())) {
            List<Long> expected = new ArrayList<>();
            long[] keys = {1, 10, 500, 1000, 15000};
            for (long k : keys) {
                expected.add(count(c, "select count(*) from orders where o_orderkey <= " + k + " and o_orderstatus = 'F' "
                        + "and o_totalprice >= 100.50 and o_orderdate >= date '1994-03-01'"));
            }
            assertTrue(expected.get(4) > expected.get(1), expected.toString());
            long planned = DaftPrepare.plannedCount();
            try (PreparedStatement ps = c.prepareStatement("select count(*) from orders where o_orderkey <= ? and o_orderstatus = ? "
                    + "and o_totalprice >= ? and o_orderdate >= ?")) {
                ParameterMetaData pmd = ps.getParameterMetaData();
                assertEquals(4, pmd.getParameterCount());
                // the parameters have the types Calcite inferred (not "any": they are planned, not inlined)
                assertEquals(Types.BIGINT, pmd.getParameterType(1));
                assertEquals(Types.VARCHAR, pmd.getParameterType(2));
                assertEquals(Types.DECIMAL, pmd.getParameterType(3));
                assertEquals(Types.DATE, pmd.getParameterType(4));
                ps.setString(2, "F");
                ps.setBigDecimal(3, new BigDecimal("100.50"));
                ps.setDate(4, Date.valueOf("1994-03-01"));
                for (int i = 0; i < keys.length; i++) {
                    if (i % 2 == 0) {
                        ps.setLong(1, keys[i]);
                    } else {
                        ps.setInt(1, (int) keys[i]);
                    }
                    assertEquals(expected.get(i), one(ps), "o_orderkey <= " + keys[i]);
                }
                // a null parameter: nothing compares equal
                ps.setNull(1, Types.BIGINT);
                assertEquals(0L, one(ps));
                // strings convert where they mean a value of the parameter's type
                ps.setString(1, "1000");
                assertEquals(expected.get(3), one(ps));
            }
            assertEquals(planned + 1, DaftPrepare.plannedCount(), "the prepared statement was planned more than once");
        }
    }

    @Test
    void parameterTypeErrorsAreClear() throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedDriverTest.url());
             PreparedStatement ps = c.prepareStatement("select count(*) from orders where o_orderkey = ? and o_orderdate < ?")) {
            ps.setString(1, "abc");
            ps.setDate(2, Date.valueOf("2000-01-01"));
            SQLException e = assertThrows(SQLException.class, () -> one(ps));
            String chain = EmbeddedDriverTest.causeChain(e);
            assertTrue(chain.contains("parameter 1 is BIGINT; cannot use 'abc' (String)"), chain);
            ps.setLong(1, 7);
            ps.setString(2, "not a date");
            e = assertThrows(SQLException.class, () -> one(ps));
            chain = EmbeddedDriverTest.causeChain(e);
            assertTrue(chain.contains("parameter 2 is DATE; cannot use 'not a date' (String)"), chain);
            ps.setString(2, "2000-01-01");
            assertEquals(1L, one(ps));
        }
        try (Connection c = DriverManager.getConnection(EmbeddedDriverTest.url());
             PreparedStatement ps = c.prepareStatement("select count(*) from nation where n_nationkey = cast(? as tinyint)")) {
            ps.setInt(1, 300);
            SQLException e = assertThrows(SQLException.class, () -> one(ps));
            String chain = EmbeddedDriverTest.causeChain(e);
            assertTrue(chain.contains("parameter 1 is TINYINT; cannot use 300") && chain.contains("out of range"), chain);
        }
    }

    @Test
    void repeatedStatementsReuseTheirPlanUntilTheSessionChanges() throws SQLException {
        String q = "select n_regionkey, count(*) as c from nation group by n_regionkey order by n_regionkey";
        try (Connection c = DriverManager.getConnection(EmbeddedDriverTest.url()); Statement s = c.createStatement()) {
            List<String> first = TestData.query(c, q);
            long planned = DaftPrepare.plannedCount();
            for (int i = 0; i < 3; i++) {
                assertEquals(first, TestData.query(c, q));
            }
            assertEquals(planned, DaftPrepare.plannedCount(), "repeated query text was planned again");
            // a session change is a new plan (the configs are part of the key), with the same answer
            s.execute("SET num_partitions = 3");
            assertEquals(first, TestData.query(c, q));
            assertEquals(planned + 1, DaftPrepare.plannedCount());
            assertEquals(first, TestData.query(c, q));
            assertEquals(planned + 1, DaftPrepare.plannedCount());
            s.execute("RESET num_partitions");
            assertEquals(first, TestData.query(c, q));
            assertEquals(planned + 1, DaftPrepare.plannedCount(), "the plan for the original settings is still cached");
        }
    }

    @Test
    void newDataIsSeenByNewConnections() throws Exception {
        Path dir = Files.createTempDirectory("daft-plan-reuse");
        Path t = dir.resolve("t");
        Files.createDirectories(t);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("copy (select i as x from range(10) r(i)) to '" + t.resolve("a.parquet") + "' (format parquet)");
            String url = "jdbc:daft:data=" + dir;
            try (Connection c = DriverManager.getConnection(url)) {
                assertEquals(10L, count(c, "select count(*) from t"));
                s.execute("copy (select i as x from range(5) r(i)) to '" + t.resolve("b.parquet") + "' (format parquet)");
                // a connection reads the files it listed when it first used the table (with or without a cached plan)
                assertEquals(10L, count(c, "select count(*) from t"));
            }
            try (Connection c = DriverManager.getConnection(url)) {
                assertEquals(15L, count(c, "select count(*) from t"));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            long v = rs.getLong(1);
            assertFalse(rs.next());
            return v;
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
