package io.daft.jdbc;

import io.daft.jdbc.server.DaftServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Parquet file whose columns are named with SQL keywords (year, value, count, user, date, time, timestamp, ...)
 * queried unquoted through the embedded and the remote driver, with DuckDB's answers; a syntax error is one line with
 * its position.
 */
class KeywordColumnsTest {
    @TempDir
    static Path dir;

    private static final String QUERY = "SELECT year, month, day, value, count, position, user, level, type, name, status,"
            + " result, data, one, dec, value * 2 AS rank, count AS running FROM readings WHERE status = 'ok' ORDER BY year, month";

    /** date, time, timestamp as columns next to DATE/TIMESTAMP literals, and next, prev, first, last as aliases. */
    private static final String DATE_QUERY = "SELECT date, time, timestamp, position AS next, level AS prev,"
            + " CAST(date AS VARCHAR) AS first, EXTRACT(DAY FROM timestamp) AS last, r.date AS current"
            + " FROM readings r WHERE date > DATE '2023-12-31' AND timestamp < TIMESTAMP '2024-01-02 00:00:00'"
            + " OR time = '08:30' ORDER BY timestamp";

    /** The same words as GROUP BY keys, aggregate arguments, a derived table's and a CTE's names. */
    private static final String GROUP_QUERY = "WITH date AS (SELECT date, time, timestamp FROM readings)"
            + " SELECT date, MAX(timestamp) AS timestamp, COUNT(time) AS values, MIN(time) AS next"
            + " FROM date GROUP BY date ORDER BY date";

    @BeforeAll
    static void writeFile() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT *, make_date(year, month, day) AS date, printf('%02d:30', 7 + position) AS time,"
                    + " make_timestamp(year, month, day, 6 + position, 15, 0.0) AS timestamp"
                    + " FROM (VALUES (2023, 12, 31, 1.5, 10, 1, 'ann', 1, 'a', 'x', 'ok', 1, 'd1', 1, 10),"
                    + " (2024, 1, 1, 2.5, 20, 2, 'bob', 2, 'b', 'y', 'ok', 2, 'd2', 1, 20),"
                    + " (2024, 1, 2, 3.5, 30, 3, 'cy', 3, 'c', 'z', 'failed', 3, 'd3', 1, 30),"
                    + " (2024, 1, 2, 4.5, 40, 4, 'dee', 1, 'a', 'w', 'failed', 4, 'd4', 1, 40))"
                    + " AS t(year, month, day, value, count, position, \"user\", level, type, name, status, result, data, one, dec))"
                    + " TO '" + dir.resolve("readings.parquet") + "' (FORMAT PARQUET)");
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                header.add(rs.getMetaData().getColumnLabel(i));
            }
            out.add(String.join(",", header));
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number ? new java.math.BigDecimal(v.toString()).stripTrailingZeros().toPlainString() : String.valueOf(v));
                }
                out.add(String.join(",", row));
            }
        }
        return out;
    }

    private static List<String> duckRows(String sql) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            Statement s = duck.createStatement();
            s.execute("CREATE VIEW readings AS SELECT * FROM '" + dir.resolve("readings.parquet") + "'");
            return rows(duck, sql);
        }
    }

    @Test
    void embeddedAndRemoteAnswerAsDuckDb() throws SQLException {
        List<String> expected;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            expected = rows(duck, QUERY.replace("FROM readings", "FROM '" + dir.resolve("readings.parquet") + "'"));
        }
        assertEquals(3, expected.size());
        List<String> expectedDates = duckRows(DATE_QUERY);
        List<String> expectedGroups = duckRows(GROUP_QUERY);
        assertEquals(1 + 2, expectedDates.size());
        assertEquals(1 + 3, expectedGroups.size());
        try (Connection c = DriverManager.getConnection("jdbc:daft:data=" + dir + ";runner=native")) {
            assertEquals(expected, rows(c, QUERY));
            assertEquals(expectedDates, rows(c, DATE_QUERY));
            assertEquals(expectedGroups, rows(c, GROUP_QUERY));
        }
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(dir).withPort(0));
             Connection c = DriverManager.getConnection(server.url())) {
            assertEquals(expected, rows(c, QUERY));
            assertEquals(expectedDates, rows(c, DATE_QUERY));
            assertEquals(expectedGroups, rows(c, GROUP_QUERY));
            SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELEC year FROM readings"));
            assertTrue(e.getMessage().contains("syntax error at line 1, column 1: unexpected \"SELEC\""), e.getMessage());
            assertTrue(!e.getMessage().contains("\\n") && !e.getMessage().contains("expecting"), e.getMessage());
        }
    }
}
