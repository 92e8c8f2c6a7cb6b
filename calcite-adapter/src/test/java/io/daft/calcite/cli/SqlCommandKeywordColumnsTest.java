package io.daft.calcite.cli;

import io.daft.calcite.DaftSqlEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code bin/daft sql} over a Parquet file whose columns are named year, month, day, value, count, date, time,
 * timestamp, position, user, level, type, name, status, result, data, one, dec: every name unquoted, answers as
 * DuckDB writes them (its COPY ... TO csv of the same query over the same file).
 */
class SqlCommandKeywordColumnsTest {
    private static final String COLUMNS = "year, month, day, value, count, date, time, timestamp, position, user, level,"
            + " type, name, status, result, data, one, dec";

    @TempDir
    static Path dir;
    private static Connection duck;
    private static DaftSqlEngine engine;
    private static Path file;

    @BeforeAll
    static void writeFile() throws SQLException, IOException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        file = Files.createDirectories(dir.resolve("data")).resolve("events.parquet");
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT year, month, day, value, count, make_date(year, month, day) AS date,"
                    + " printf('%02d:%02d', 8 + position, 15 * position) AS time,"
                    + " make_timestamp(year, month, day, 8 + position, 15 * position, 0.0) AS timestamp, position,"
                    + " \"user\", level, type, name, status, result, data, one, dec FROM (VALUES"
                    + " (2023, 12, 31, 1.5, 10, 1, 'ann', 1, 'a', 'x', 'ok', 1.25, 'd1', 1, 10),"
                    + " (2024, 1, 1, 2.5, 20, 2, 'bob', 2, 'b', 'y', 'ok', 2.5, 'd2', 1, 20),"
                    + " (2024, 1, 2, NULL, 30, 3, 'ann', 1, 'a', NULL, 'failed', NULL, NULL, 1, 30),"
                    + " (2024, 2, 29, 4.0, NULL, 0, NULL, 3, 'c', 'z', 'ok', 4.0, 'd4', 1, NULL))"
                    + " AS t(year, month, day, value, count, position, \"user\", level, type, name, status, result, data,"
                    + " one, dec)) TO '" + file + "' (FORMAT PARQUET)");
        }
        engine = DaftSqlEngine.create(file.getParent());
    }

    @AfterAll
    static void close() throws SQLException {
        engine.close();
        duck.close();
    }

    @Test
    void everyColumnUnquoted() throws Exception {
        sameAsDuckDb("SELECT " + COLUMNS + " FROM events ORDER BY date");
    }

    @Test
    void dateTimeAndTimestampNextToTheirLiterals() throws Exception {
        sameAsDuckDb("SELECT date, time, timestamp, year AS next, CAST(date AS VARCHAR) AS first, e.position AS last"
                + " FROM events e WHERE date > DATE '2023-12-31' AND timestamp >= TIMESTAMP '2024-01-01 10:30:00'"
                + " ORDER BY timestamp DESC");
    }

    @Test
    void groupedByKeywordColumns() throws Exception {
        sameAsDuckDb("SELECT year, month, COUNT(*) AS count, MAX(date) AS date, MIN(time) AS time, SUM(value) AS value,"
                + " MAX(timestamp) AS timestamp FROM events WHERE status = 'ok' GROUP BY year, month ORDER BY year, month");
    }

    private static void sameAsDuckDb(String sql) throws SQLException, IOException {
        Path out = dir.resolve("duck.csv");
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('" + file + "')");
            st.execute("COPY (" + sql + ") TO '" + out + "' (FORMAT csv)");
        }
        String expected = Files.readString(out, StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            SqlCommand.run(engine, sql, SqlCommand.Format.CSV, print);
        }
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8), sql);
    }
}
