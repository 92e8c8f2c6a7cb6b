package io.daft.jdbc;

import io.daft.config.DaftContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDriverTest {
    static String url() {
        return "jdbc:daft:data=" + TestData.dir() + ";runner=native";
    }

    @Test
    void driverManagerFindsTheDriverAndRunsQueries() throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            assertTrue(c.isWrapperFor(DaftConnection.class));
            List<String> r = TestData.query(c, "select count(*) as n from lineitem");
            assertEquals(List.of("n:-5", "60000"), r);
            assertEquals(6, TestData.query(c, TestData.QUERIES.get(0)).size() - 1 + 0);
        }
    }

    @Test
    void explainAnalyzeReturnsThePlanWithOperatorStatisticsUnderTheSessionsKnobs() throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '64MB'");
            List<String> r = TestData.query(c, "EXPLAIN ANALYZE select l_returnflag, count(*) as n from lineitem group by l_returnflag");
            assertEquals("plan:12", r.get(0));
            assertEquals("== Physical Plan (analyzed), by stage ==", r.get(1));
            assertTrue(r.stream().anyMatch(l -> l.contains("`-") && l.contains("Scan:") && l.contains("rows=60000,")), String.join("\n", r));
            assertTrue(r.stream().anyMatch(l -> l.contains("of memory_limit 64.0 MiB")), String.join("\n", r));
            assertEquals("rows returned: 3", r.get(r.size() - 1));
            SQLException e = assertThrows(SQLException.class, () -> TestData.query(c, "EXPLAIN ANALYZE select nope from lineitem"));
            assertTrue(causeChain(e).contains("nope"), causeChain(e));
        }
    }

    @Test
    void answersMatchDuckDb() throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = duck.createStatement()) {
                for (String t : List.of("nation", "customer", "orders", "lineitem")) {
                    s.execute("create view " + t + " as select * from '" + TestData.dir().resolve(t + ".parquet") + "'");
                }
            }
            // Q6: one number
            List<String> daft = TestData.query(c, TestData.QUERIES.get(3));
            List<String> expected = TestData.query(duck, TestData.QUERIES.get(3));
            assertEquals(new java.math.BigDecimal(expected.get(1)).stripTrailingZeros(),
                    new java.math.BigDecimal(daft.get(1)).stripTrailingZeros());
            // Q1 counts per group
            List<String> d1 = TestData.query(c, "select l_returnflag, l_linestatus, count(*) as c from lineitem group by l_returnflag, l_linestatus order by 1, 2");
            List<String> e1 = TestData.query(duck, "select l_returnflag, l_linestatus, count(*) as c from lineitem group by l_returnflag, l_linestatus order by 1, 2");
            assertEquals(e1.subList(1, e1.size()), d1.subList(1, d1.size()));
        }
    }

    @Test
    void setShowResetArePerConnection() throws SQLException {
        try (Connection a = DriverManager.getConnection(url() + ";num_partitions=5");
             Connection b = DriverManager.getConnection(url())) {
            assertEquals("5", show(a, "num_partitions"));
            String bDefault = show(b, "num_partitions");
            try (Statement s = a.createStatement()) {
                assertFalse(s.execute("SET num_partitions = 3"));
                assertEquals(0, s.getUpdateCount());
                assertNull(s.getResultSet());
                assertFalse(s.getMoreResults());
                assertEquals(-1, s.getUpdateCount());
                assertEquals(0, s.executeUpdate("alter session set enable_pushdowns = 'false'"));
                s.execute("set default_morsel_size to 4096");
            }
            assertEquals("3", show(a, "num_partitions"));
            assertEquals("false", show(a, "enable_pushdowns"));
            assertEquals("4096", show(a, "default_morsel_size"));
            assertEquals(bDefault, show(b, "num_partitions"));
            assertEquals("true", show(b, "enable_pushdowns"));
            // the global config is untouched
            assertEquals(bDefault, String.valueOf(DaftContext.executionConfig().numPartitions()));
            // SHOW ALL lists every knob
            try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery("show all")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(SessionConfig.knobNames().size(), n);
            }
            try (Statement s = a.createStatement()) {
                s.execute("reset num_partitions");
                assertEquals("5", show(a, "num_partitions"));
                s.execute("RESET ALL");
                assertEquals("true", show(a, "enable_pushdowns"));
                SQLException unknown = assertThrows(SQLException.class, () -> s.execute("set no_such_knob = 1"));
                assertTrue(unknown.getMessage().contains("no_such_knob") && unknown.getMessage().contains("num_partitions"), unknown.getMessage());
                SQLException bad = assertThrows(SQLException.class, () -> s.execute("set num_partitions = -2"));
                assertTrue(bad.getMessage().contains("num_partitions"), bad.getMessage());
            }
            // a prepared SET works too (remote clients and BI tools prepare everything)
            try (PreparedStatement ps = a.prepareStatement("set num_partitions = 7")) {
                assertFalse(ps.execute());
                assertEquals(0, ps.getUpdateCount());
            }
            assertEquals("7", show(a, "num_partitions"));
        }
    }

    @Test
    void sessionConfigReachesThePlanOnItsOwnThread() throws Exception {
        String q = "explain plan for select l_orderkey from lineitem where l_quantity > 10";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean split = i % 2 == 0;
                fs.add(pool.submit((Callable<String>) () -> {
                    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
                        if (split) {
                            // lineitem has 12 row groups of 5000 rows: tiny scan tasks split the file by row group
                            s.execute("set scan_tasks_min_size_bytes = 0");
                            s.execute("set scan_tasks_max_size_bytes = 1");
                        }
                        return String.join("\n", TestData.query(c, q));
                    }
                }));
            }
            // every session planned with its own scan task sizes: all split sessions alike, all default ones alike
            java.util.Set<Integer> split = new java.util.TreeSet<>();
            java.util.Set<Integer> plain = new java.util.TreeSet<>();
            for (int i = 0; i < 8; i++) {
                String plan = fs.get(i).get();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Scan: PARQUET, (\\d+) scan tasks").matcher(plan);
                assertTrue(m.find(), plan);
                (i % 2 == 0 ? split : plain).add(Integer.parseInt(m.group(1)));
            }
            assertEquals(1, split.size(), split + " vs " + plain);
            assertEquals(1, plain.size(), split + " vs " + plain);
            assertTrue(split.iterator().next() > plain.iterator().next(), split + " vs " + plain);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void preparedStatementParametersOfEveryType() throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            ParameterTypes.check(c);
        }
    }

    @Test
    void maxRowsAndUpdateCounts() throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.setMaxRows(7);
            assertTrue(s.execute("select o_orderkey from orders"));
            try (ResultSet rs = s.getResultSet()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(7, n);
            }
            assertEquals(-1, s.getUpdateCount());
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
        }
    }

    @Test
    void dataRootsAreEnforced() throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            SQLException e = assertThrows(SQLException.class,
                    () -> TestData.query(c, "select * from table(read_csv('/etc/passwd'))"));
            assertTrue(String.valueOf(e.getMessage()).contains("refused") || causeChain(e).contains("refused"), causeChain(e));
            assertEquals(List.of("n:-5", "25"),
                    TestData.query(c, "select count(*) as n from table(read_parquet('nation.parquet'))"));
        }
    }

    @Test
    void connectionPropertiesValidated() {
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url() + ";num_partitions=zero"));
        assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:daft:data=/no/such/dir"));
        Properties p = new Properties();
        p.setProperty("runner", "bogus");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url().replace(";runner=native", ""), p));
    }

    static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            sb.append(x).append(" <- ");
        }
        return sb.toString();
    }

    static String show(Connection c, String knob) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + knob)) {
            assertTrue(rs.next());
            assertEquals(knob, rs.getString(1));
            return rs.getString(2);
        }
    }
}
