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
 * A Parquet file whose columns are named with SQL keywords (year, value, count, user, ...) queried unquoted through
 * the embedded and the remote driver, with DuckDB's answers; a syntax error is one line with its position.
 */
class KeywordColumnsTest {
    @TempDir
    static Path dir;

    private static final String QUERY = "SELECT year, month, day, value, count, position, user, level, type, name, status,"
            + " result, data, one, dec, value * 2 AS rank, count AS running FROM readings WHERE status = 'ok' ORDER BY year, month";

    @BeforeAll
    static void writeFile() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (2023, 12, 31, 1.5, 10, 1, 'ann', 1, 'a', 'x', 'ok', 1, 'd1', 1, 10),"
                    + " (2024, 1, 1, 2.5, 20, 2, 'bob', 2, 'b', 'y', 'ok', 2, 'd2', 1, 20),"
                    + " (2024, 1, 2, 3.5, 30, 3, 'cy', 3, 'c', 'z', 'failed', 3, 'd3', 1, 30))"
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

    @Test
    void embeddedAndRemoteAnswerAsDuckDb() throws SQLException {
        List<String> expected;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            expected = rows(duck, QUERY.replace("FROM readings", "FROM '" + dir.resolve("readings.parquet") + "'"));
        }
        assertEquals(3, expected.size());
        try (Connection c = DriverManager.getConnection("jdbc:daft:data=" + dir + ";runner=native")) {
            assertEquals(expected, rows(c, QUERY));
        }
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(dir).withPort(0));
             Connection c = DriverManager.getConnection(server.url())) {
            assertEquals(expected, rows(c, QUERY));
            SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELEC year FROM readings"));
            assertTrue(e.getMessage().contains("syntax error at line 1, column 1: unexpected \"SELEC\""), e.getMessage());
            assertTrue(!e.getMessage().contains("\\n") && !e.getMessage().contains("expecting"), e.getMessage());
        }
    }
}
