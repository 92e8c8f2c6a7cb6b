package io.daft.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Timestamps keep the precision of their Parquet file (ms, us, ns) through the embedded and the remote driver,
 * compared with what DuckDB's driver reads from the same file; years BC and before 1970 with fractions included.
 * A plain Avatica client still reads them as TIMESTAMPs, in milliseconds.
 */
class TimestampPrecisionTest {
    @TempDir
    static Path dir;

    private static final String TABLE = "SELECT 1 AS id, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts_us,"
            + " TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS ts_ns, TIMESTAMP_MS '2024-01-02 03:04:05.123' AS ts_ms,"
            + " TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS tstz"
            + " UNION ALL SELECT 2, TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMP_NS '1969-12-31 23:59:59.000000001',"
            + " TIMESTAMP_MS '1969-12-31 23:59:59.5', TIMESTAMPTZ '1900-01-01 00:00:00.000001+00'"
            + " UNION ALL SELECT 3, TIMESTAMP '0044-03-15 (BC) 12:00:00.25', NULL, NULL, NULL";

    @BeforeAll
    static void writeFile() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("COPY (" + TABLE + ") TO '" + dir.resolve("ts.parquet") + "' (FORMAT PARQUET)");
        }
    }

    private static String url() {
        return "jdbc:daft:data=" + dir + ";runner=native";
    }

    /** Per row: each timestamp column's LocalDateTime, as a driver reads it. */
    private static List<List<LocalDateTime>> localDateTimes(Connection c, String sql) throws SQLException {
        List<List<LocalDateTime>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<LocalDateTime> row = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    row.add(rs.getObject(i, LocalDateTime.class));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void localDateTimesEqualDuckDbs() throws SQLException {
        String sql = "SELECT ts_us, ts_ns, ts_ms FROM ts ORDER BY id";
        List<List<LocalDateTime>> expected;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            expected = localDateTimes(duck, sql.replace("FROM ts", "FROM '" + dir.resolve("ts.parquet") + "'"));
        }
        try (Connection c = DriverManager.getConnection(url())) {
            assertEquals(expected, localDateTimes(c, sql));
        }
        assertEquals(expected, duckDbs(sql));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789), expected.get(0).get(1));
        assertEquals(LocalDateTime.of(-43, 3, 15, 12, 0, 0, 250_000_000), expected.get(2).get(0));
    }

    @Test
    void timestampsKeepTheirNanosAndTextShowsThemAsDuckDbDoes() throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            checkNanosAndText(c);
        }
    }

    /** What DuckDB's driver reads from the file. */
    private static List<List<LocalDateTime>> duckDbs(String sql) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            return localDateTimes(duck, sql.replace("FROM ts", "FROM '" + dir.resolve("ts.parquet") + "'"));
        }
    }

    /** Through the Daft remote driver, values keep their precision too (the server sends them as exact text). */
    @Test
    void remoteDriverValuesEqualDuckDbsAndPlainAvaticaGetsMilliseconds() throws SQLException {
        String sql = "SELECT ts_us, ts_ns, ts_ms FROM ts ORDER BY id";
        List<List<LocalDateTime>> expected = duckDbs(sql);
        try (io.daft.jdbc.server.DaftServer server = io.daft.jdbc.server.DaftServer.start(
                io.daft.jdbc.server.DaftServer.Options.of(dir).withPort(0))) {
            try (Connection c = DriverManager.getConnection(server.url())) {
                assertEquals(expected, localDateTimes(c, sql));
                checkNanosAndText(c);
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT ts_ns, tstz FROM ts WHERE id = ?")) {
                    assertEquals(List.of(Types.TIMESTAMP, 9), List.of(ps.getMetaData().getColumnType(1), ps.getMetaData().getPrecision(1)));
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(expected.get(1).get(1), rs.getObject(1, LocalDateTime.class));
                        assertEquals("1900-01-01 00:00:00.000001+00", rs.getString(2));
                    }
                }
            }
            // a plain Avatica client (a BI tool) reads the same columns as TIMESTAMPs in milliseconds
            try (Connection c = DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + server.port()
                    + ";serialization=protobuf"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                assertEquals(List.of(Types.TIMESTAMP, Types.TIMESTAMP, Types.TIMESTAMP),
                        List.of(rs.getMetaData().getColumnType(1), rs.getMetaData().getColumnType(2), rs.getMetaData().getColumnType(3)));
                for (int row = 0; row < 2; row++) {
                    rs.next();
                    for (int i = 1; i <= 3; i++) {
                        LocalDateTime want = expected.get(row).get(i - 1);
                        // Avatica's wire carries epoch milliseconds: the value cut to the millisecond
                        assertEquals(Timestamp.valueOf(want.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), rs.getTimestamp(i),
                                "row " + row + " column " + i);
                    }
                }
            }
        }
    }

    private static void checkNanosAndText(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ts_us, ts_ns, ts_ms, tstz FROM ts ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(List.of(Types.TIMESTAMP, 6, Types.TIMESTAMP, 9, Types.TIMESTAMP, 3, 6),
                    List.of(md.getColumnType(1), md.getPrecision(1), md.getColumnType(2), md.getPrecision(2),
                            md.getColumnType(3), md.getPrecision(3), md.getPrecision(4)));
            rs.next();
            assertEquals(Timestamp.valueOf("2024-01-02 03:04:05.123456"), rs.getTimestamp(1));
            assertEquals(123_456_789, rs.getTimestamp("ts_ns").getNanos());
            assertEquals(Timestamp.valueOf("2024-01-02 03:04:05.123456789"), rs.getObject(2));
            assertEquals("2024-01-02 03:04:05.123456", rs.getString(1));
            assertEquals("2024-01-02 03:04:05.123", rs.getString(3));
            assertEquals("2024-01-02 03:04:05.123456+00", rs.getString(4));
            assertEquals(java.time.Instant.parse("2024-01-02T03:04:05.123456Z"), rs.getObject(4, java.time.Instant.class));
            rs.next();
            assertEquals("1969-12-31 23:59:59.999999", rs.getString(1));
            assertEquals("1969-12-31 23:59:59.000000001", rs.getString(2));
            assertEquals(1, rs.getTimestamp(2).getNanos());
            assertEquals("1900-01-01 00:00:00.000001+00", rs.getString(4));
            rs.next();
            assertEquals("0044-03-15 (BC) 12:00:00.25", rs.getString(1));
            assertNull(rs.getTimestamp(2));
            assertNull(rs.getObject(3, LocalDateTime.class));
        }
    }

    @Test
    void typeInfoGivesNanosecondPrecision() throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            DatabaseMetaData md = c.getMetaData();
            int precision = -1;
            try (ResultSet rs = md.getTypeInfo()) {
                while (rs.next()) {
                    if (rs.getString("TYPE_NAME").equals("TIMESTAMP")) {
                        precision = rs.getInt("PRECISION");
                    }
                }
            }
            assertEquals(9, precision);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, "daft", "ts", "ts%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getString("TYPE_NAME")
                            + ":" + rs.getInt("DECIMAL_DIGITS") + ":" + rs.getInt("COLUMN_SIZE"));
                }
            }
            assertEquals(List.of("ts_us:93:TIMESTAMP(6):6:26", "ts_ns:93:TIMESTAMP(9):9:29", "ts_ms:93:TIMESTAMP(3):3:23",
                    "tstz:93:TIMESTAMP_WITH_LOCAL_TIME_ZONE(6):6:26"), columns);
        }
    }

    /** Through the server, the columns' metadata keeps their precision. */
    @Test
    void remoteMetadataHasTheirPrecision() throws SQLException {
        try (io.daft.jdbc.server.DaftServer server = io.daft.jdbc.server.DaftServer.start(
                io.daft.jdbc.server.DaftServer.Options.of(dir).withPort(0));
             Connection c = DriverManager.getConnection(server.url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ts_us, ts_ns, ts_ms FROM ts ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(List.of(Types.TIMESTAMP, 6, 9, 3), List.of(md.getColumnType(1), md.getPrecision(1),
                    md.getPrecision(2), md.getPrecision(3)));
            assertEquals(Timestamp.class.getName(), md.getColumnClassName(2));
        }
    }
}
