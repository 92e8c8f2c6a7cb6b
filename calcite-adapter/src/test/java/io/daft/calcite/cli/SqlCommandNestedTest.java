package io.daft.calcite.cli;

import io.daft.calcite.DaftSqlEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/daft sql} output of lists, maps and structs, compared with what DuckDB writes for the same file:
 * csv and json through DuckDB's COPY ... TO, table cells with DuckDB's text of the value (CAST AS VARCHAR).
 */
class SqlCommandNestedTest {
    /** Strings that DuckDB quotes inside nested values, and ones it does not, in lists, structs and maps. */
    private static final String SMALL = "SELECT * FROM (VALUES"
            + " (1, [1, NULL, 3], ['a b', 'a,b', '', ' x', 'null', 'it''s', 'b\\s', NULL],"
            + "  {'a': 1, 'b': [1, 2], 'c': 'x y'}, MAP(['k1', 'k 2'], [{'a': 1, 'b': 'q'}, NULL]), [[1.5, 2.25], NULL, []]),"
            + " (2, NULL, [], {'a': NULL, 'b': NULL, 'c': 'a=b'}, MAP([], []::STRUCT(a INT, b VARCHAR)[]), [[NULL]]),"
            + " (3, [], NULL, NULL, NULL, NULL),"
            + " (4, NULL, ['x:y', 'NULL', 'tab\t'], NULL, NULL, [[100.00]])"
            + ") t(id, ints, strs, s, m, dbl) ORDER BY id";

    @TempDir
    static Path dir;
    private static Connection duck;
    private static DaftSqlEngine corpusEngine;
    private static DaftSqlEngine smallEngine;
    private static Path corpus;

    @BeforeAll
    static void open() throws SQLException, IOException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        corpus = corpusDir();
        corpusEngine = DaftSqlEngine.create(corpus);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (" + SMALL + ") TO '" + data.resolve("small.parquet") + "' (FORMAT parquet)");
        }
        smallEngine = DaftSqlEngine.create(data);
    }

    @AfterAll
    static void close() throws SQLException {
        smallEngine.close();
        corpusEngine.close();
        duck.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nested_lists.snappy", "nested_maps.snappy", "nested_structs.rust", "list_columns",
            "nullable.impala", "nonnullable.impala", "null_list", "old_list_structure", "repeated_no_annotation"})
    void corpusCsvAndJsonLikeDuckDb(String table) throws Exception {
        String columns = String.join(", ", columnsWithoutTimestamps(table));
        for (SqlCommand.Format format : List.of(SqlCommand.Format.CSV, SqlCommand.Format.JSON)) {
            String expected = duckCopy("SELECT " + columns + " FROM read_parquet('" + corpus.resolve(table + ".parquet") + "')", format);
            assertEquals(expected, ours(corpusEngine, "SELECT " + columns + " FROM \"" + table + "\"", format), table + " " + format);
        }
    }

    @Test
    void smallFileCsvAndJsonLikeDuckDb() throws Exception {
        for (SqlCommand.Format format : List.of(SqlCommand.Format.CSV, SqlCommand.Format.JSON)) {
            String file = "read_parquet('" + dir.resolve("data").resolve("small.parquet") + "')";
            assertEquals(duckCopy("SELECT * FROM " + file + " ORDER BY id", format),
                    ours(smallEngine, "SELECT * FROM \"small\" ORDER BY id", format), format.toString());
        }
    }

    @Test
    void tableCellsAreDuckDbTextAndHeaderNamesDaftTypes() throws Exception {
        String table = ours(smallEngine, "SELECT ints, strs, s, m, dbl FROM \"small\" ORDER BY id", SqlCommand.Format.TABLE);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(2).contains("List[Int32]") && lines.get(2).contains("Struct[a: Int32, b: List[Int32], c: Utf8]")
                && lines.get(2).contains("Map[Utf8, Struct[a: Int32, b: Utf8]]"), lines.get(2));
        String file = "read_parquet('" + dir.resolve("data").resolve("small.parquet") + "')";
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(ints AS VARCHAR), CAST(strs AS VARCHAR), CAST(s AS VARCHAR),"
                     + " CAST(m AS VARCHAR), CAST(dbl AS VARCHAR) FROM " + file + " ORDER BY id")) {
            int row = 4;
            while (rs.next()) {
                List<String> cells = cells(lines.get(row++));
                for (int c = 0; c < 5; c++) {
                    String v = rs.getString(c + 1);
                    assertEquals(v == null ? "None" : shown(v), cells.get(c), "row " + (row - 4) + " column " + (c + 1));
                }
            }
            assertEquals(4 + 4, row);
        }
    }

    private static Path corpusDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("shared").resolve("parquet-testing"))) {
                return d.resolve("shared").resolve("parquet-testing");
            }
        }
        throw new IllegalStateException("cannot find shared/parquet-testing above " + Path.of("").toAbsolutePath());
    }

    /** The table cuts a long cell to its first 39 characters and an ellipsis. */
    private static String shown(String text) {
        return text.length() > 40 ? text.substring(0, 39) + "…" : text;
    }

    /** The cells of one table line, trimmed. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String cell : line.substring(1, line.length() - 1).split(" │ ", -1)) {
            out.add(cell.strip());
        }
        return out;
    }

    /** The file's columns, quoted, but those holding timestamps (their text is the timestamp work's, not this). */
    private static List<String> columnsWithoutTimestamps(String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + corpus.resolve(table + ".parquet") + "')")) {
            while (rs.next()) {
                if (!rs.getString(2).contains("TIMESTAMP")) {
                    cols.add("\"" + rs.getString(1) + "\"");
                }
            }
        }
        return cols;
    }

    private static String duckCopy(String select, SqlCommand.Format format) throws SQLException, IOException {
        Path out = dir.resolve("duck." + format.name().toLowerCase());
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (" + select + ") TO '" + out + "' (FORMAT " + format.name().toLowerCase() + ")");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String ours(DaftSqlEngine engine, String sql, SqlCommand.Format format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            SqlCommand.run(engine, sql, format, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
