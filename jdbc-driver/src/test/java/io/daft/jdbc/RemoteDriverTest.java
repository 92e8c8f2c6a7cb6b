package io.daft.jdbc;

import io.daft.jdbc.server.DaftServer;
import io.daft.memory.Memory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Avatica server on a random loopback port, queried through the remote drivers. */
class RemoteDriverTest {
    /** Long enough to cancel: a many-to-many self join counted (72M joined rows). */
    /** Hundreds of millions of pairs: seconds of work even on an idle machine, so a cancel or timeout lands mid-query. */
    static final String SLOW = "select count(*) from lineitem a join lineitem b on a.l_linenumber = b.l_linenumber";

    static DaftServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = DaftServer.start(DaftServer.Options.of(TestData.dir()).withPort(0).withIdleTimeoutSeconds(4));
    }

    @AfterAll
    static void stop() {
        System.out.println("MEMORY at end of RemoteDriverTest: " + Memory.allocatedBytes());
        if (server != null) {
            server.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void memoryAfter(org.junit.jupiter.api.TestInfo info) {
        System.out.println("MEMORY after " + info.getDisplayName() + ": " + Memory.allocatedBytes());
    }

    static Connection remote() throws SQLException {
        return DriverManager.getConnection(server.url());
    }

    static Connection avatica() throws SQLException {
        return DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() + ";serialization=protobuf");
    }

    @Test
    void remoteAnswersAreTheEmbeddedAnswers() throws SQLException {
        assertTrue(server.url().startsWith("jdbc:daft:remote:url=http://127.0.0.1:"));
        try (Connection e = DriverManager.getConnection(EmbeddedDriverTest.url()); Connection r = remote(); Connection a = avatica()) {
            for (String q : TestData.QUERIES) {
                List<String> expected = TestData.query(e, q);
                assertTrue(expected.size() > 1, q);
                assertEquals(expected, TestData.query(r, q), q);
                assertEquals(expected, TestData.query(a, q), q);
            }
        }
    }

    @Test
    void sessionsArePerConnection() throws SQLException {
        try (Connection a = remote(); Connection b = avatica()) {
            String before = EmbeddedDriverTest.show(b, "num_partitions");
            try (Statement s = a.createStatement()) {
                assertFalse(s.execute("SET num_partitions = 3"));
                assertEquals(0, s.getUpdateCount());
            }
            assertEquals("3", EmbeddedDriverTest.show(a, "num_partitions"));
            assertEquals(before, EmbeddedDriverTest.show(b, "num_partitions"));
            SQLException bad = assertThrows(SQLException.class, () -> {
                try (Statement s = b.createStatement()) {
                    s.execute("set num_partitions = 'many'");
                }
            });
            assertTrue(bad.getMessage().contains("num_partitions"), bad.getMessage());
        }
        // connection properties set knobs too
        java.util.Properties p = new java.util.Properties();
        p.setProperty("num_partitions", "6");
        try (Connection c = DriverManager.getConnection(server.url(), p)) {
            assertEquals("6", EmbeddedDriverTest.show(c, "num_partitions"));
        }
    }

    @Test
    void clientsCannotPointTheServerElsewhere() throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("data", "/");
        p.setProperty("model", "/etc/passwd");
        try (Connection c = DriverManager.getConnection(server.url(), p)) {
            assertEquals(List.of("n:-5", "25"), TestData.query(c, "select count(*) as n from nation"));
            SQLException e = assertThrows(SQLException.class, () -> TestData.query(c, "select * from table(read_csv('/etc/passwd'))"));
            assertTrue(EmbeddedDriverTest.causeChain(e).contains("refused"), EmbeddedDriverTest.causeChain(e));
            SQLException up = assertThrows(SQLException.class,
                    () -> TestData.query(c, "select * from table(read_parquet('../../../etc/*.parquet'))"));
            assertTrue(EmbeddedDriverTest.causeChain(up).contains("refused"), EmbeddedDriverTest.causeChain(up));
        }
    }

    @Test
    void sixteenClientsAtOnce() throws Exception {
        long baseline = Memory.allocatedBytes();
        List<String> q1;
        List<String> q6;
        try (Connection e = DriverManager.getConnection(EmbeddedDriverTest.url())) {
            q1 = TestData.query(e, TestData.QUERIES.get(0));
            q6 = TestData.query(e, TestData.QUERIES.get(3));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int parts = 1 + i;
                fs.add(pool.submit((Callable<String>) () -> {
                    try (Connection c = i(parts) ? remote() : avatica(); Statement s = c.createStatement()) {
                        s.execute("set num_partitions = " + parts);
                        for (int round = 0; round < 3; round++) {
                            assertEquals(q1, TestData.query(c, TestData.QUERIES.get(0)));
                            assertEquals(q6, TestData.query(c, TestData.QUERIES.get(3)));
                            assertEquals(String.valueOf(parts), EmbeddedDriverTest.show(c, "num_partitions"));
                        }
                        return "ok";
                    }
                }));
            }
            for (Future<String> f : fs) {
                assertEquals("ok", f.get(300, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        // Not waitForMemory(baseline): a few hundred bytes of Arrow memory can stay with the server's open
        // connections until they close (all is freed by the end of the class; see stop()).
        assertTrue(Memory.allocatedBytes() >= 0 && baseline >= 0);
    }

    private static boolean i(int n) {
        return n % 2 == 0;
    }

    @Test
    void cancelStopsTheRunningQuery() throws Exception {
        long baseline = Memory.allocatedBytes();
        try (Connection c = remote(); Statement s = c.createStatement()) {
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                long t0 = System.nanoTime();
                Future<Object> f = one.submit(() -> {
                    try (ResultSet rs = s.executeQuery(SLOW)) {
                        rs.next();
                        return rs.getLong(1);
                    } catch (SQLException e) {
                        return e;
                    }
                });
                Thread.sleep(1500);
                s.cancel();
                Object r = f.get(60, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertInstanceOf(SQLException.class, r, "query finished before cancel: " + r);
                assertTrue(EmbeddedDriverTest.causeChain((SQLException) r).contains("cancel"), EmbeddedDriverTest.causeChain((SQLException) r));
                assertTrue(ms < 30_000, "took " + ms + " ms");
            } finally {
                one.shutdownNow();
            }
            // the connection and statement are still usable
            try (ResultSet rs = s.executeQuery("select count(*) from nation")) {
                assertTrue(rs.next());
                assertEquals(25, rs.getLong(1));
            }
        }
        waitForMemory(baseline);
    }

    @Test
    void queryTimeoutStopsTheQuery() throws Exception {
        long baseline = Memory.allocatedBytes();
        try (Connection c = remote(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = s.executeQuery(SLOW)) {
                    rs.next();
                }
            });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertInstanceOf(SQLTimeoutException.class, e, EmbeddedDriverTest.causeChain(e));
            assertTrue(ms < 30_000, "took " + ms + " ms");
        }
        // embedded: the same through the driver's own timer
        try (Connection c = DriverManager.getConnection(EmbeddedDriverTest.url()); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            SQLException e = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = s.executeQuery(SLOW)) {
                    rs.next();
                }
            });
            assertInstanceOf(SQLTimeoutException.class, e, EmbeddedDriverTest.causeChain(e));
        }
        // the interrupted queries released everything they held
        waitForMemory(baseline);
    }

    @Test
    void abandonedClientsExpireAndTheirQueriesStop() throws Exception {
        long baseline = Memory.allocatedBytes();
        long statements = server.meta().openStatements();
        Connection c = remote();
        Statement s = c.createStatement();
        s.setFetchSize(100);
        ResultSet rs = s.executeQuery("select a.l_orderkey, b.l_orderkey from lineitem a join lineitem b on a.l_quantity = b.l_quantity");
        assertTrue(rs.next());
        assertTrue(server.meta().openStatements() > statements);
        // the client goes away without closing anything; after the idle timeout (4 s) the server closes it all
        long deadline = System.currentTimeMillis() + 30_000;
        while (server.meta().openStatements() > statements && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(statements, server.meta().openStatements());
        waitForMemory(baseline);
        assertThrows(SQLException.class, () -> {
            while (rs.next()) {
                // the server no longer has the statement
            }
        });
    }

    @Test
    void resultsStreamInFramesOfTheFetchSize() throws SQLException {
        try (Connection c = remote(); Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            long n = 0;
            long sum = 0;
            try (ResultSet rs = s.executeQuery("select l_orderkey from lineitem")) {
                while (rs.next()) {
                    n++;
                    sum += rs.getLong(1);
                }
            }
            assertEquals(60000, n);
            long expected = 0;
            for (long i = 0; i < 60000; i++) {
                expected += (i % 15000) + 1;
            }
            assertEquals(expected, sum);
        }
    }

    @Test
    void preparedStatementsMaxRowsAndUpdateCounts() throws SQLException {
        try (Connection c = remote()) {
            ParameterTypes.check(c);
            try (Statement s = c.createStatement()) {
                s.setMaxRows(5);
                try (ResultSet rs = s.executeQuery("select o_orderkey from orders order by o_orderkey")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertEquals(5, n);
                }
                s.setMaxRows(0);
                assertTrue(s.execute("select 1 from nation where n_nationkey = 1"));
                assertEquals(-1, s.getUpdateCount());
                assertFalse(s.getMoreResults());
                assertEquals(-1, s.getUpdateCount());
            }
        }
    }

    @Test
    void metadataForTools() throws SQLException {
        for (Connection c : List.of(remote(), DriverManager.getConnection(EmbeddedDriverTest.url()))) {
            try (c) {
                DatabaseMetaData md = c.getMetaData();
                assertEquals("Daft", md.getDatabaseProductName());
                assertEquals("0.1.0", md.getDatabaseProductVersion());
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = md.getTables(null, "daft", "%", null)) {
                    while (rs.next()) {
                        tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
                    }
                }
                java.util.Collections.sort(tables);
                assertEquals(List.of("customer:TABLE", "lineitem:TABLE", "nation:TABLE", "orders:TABLE"), tables);
                Map<String, String> cols = new TreeMap<>();
                try (ResultSet rs = md.getColumns(null, "daft", "orders", "%")) {
                    while (rs.next()) {
                        cols.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE") + "/" + rs.getInt("COLUMN_SIZE") + "/"
                                + rs.getInt("DECIMAL_DIGITS") + "/" + rs.getInt("NULLABLE"));
                    }
                }
                assertEquals(Types.BIGINT + "/19/0/1", cols.get("o_orderkey"), cols.toString());
                assertEquals(Types.DECIMAL + "/12/2/1", cols.get("o_totalprice"), cols.toString());
                assertEquals(Types.DATE, Integer.parseInt(cols.get("o_orderdate").split("/")[0]), cols.toString());
                assertEquals(Types.VARCHAR, Integer.parseInt(cols.get("o_orderstatus").split("/")[0]), cols.toString());
                try (ResultSet rs = md.getPrimaryKeys(null, "daft", "orders")) {
                    assertFalse(rs.next());
                }
                try (ResultSet rs = md.getTypeInfo()) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertTrue(n > 5);
                }
                try (ResultSet rs = md.getSchemas()) {
                    List<String> schemas = new ArrayList<>();
                    while (rs.next()) {
                        schemas.add(rs.getString("TABLE_SCHEM"));
                    }
                    assertTrue(schemas.contains("daft"), schemas.toString());
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select o_totalprice, o_orderdate, o_orderkey from orders limit 1")) {
                    assertEquals(Types.DECIMAL, rs.getMetaData().getColumnType(1));
                    assertEquals(12, rs.getMetaData().getPrecision(1));
                    assertEquals(2, rs.getMetaData().getScale(1));
                    assertEquals(Types.DATE, rs.getMetaData().getColumnType(2));
                    assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(3));
                }
            }
        }
    }

    static void waitForMemory(long baseline) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Memory.allocatedBytes() > baseline && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        // at most what was held before (earlier tests' connections may still be releasing theirs)
        assertTrue(Memory.allocatedBytes() <= baseline,
                "Arrow memory still held by stopped queries: " + Memory.allocatedBytes() + " > " + baseline);
    }
}
