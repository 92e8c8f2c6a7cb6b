package io.daft.jdbc;

import io.daft.calcite.DaftArray;
import io.daft.calcite.DaftStruct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Lists, structs and maps through JDBC as DuckDB's driver gives them (java.sql.Array, java.sql.Struct, Map, with
 * NULL elements, arrays in arrays, and timestamps, dates and decimals inside at full precision), compared with
 * DuckDB's driver reading the same file: embedded, through the Daft remote driver, and what a plain Avatica client
 * gets (DuckDB's text of each value).
 */
class NestedValuesTest {
    @TempDir
    static Path dir;

    private static final String TABLE = "SELECT 1 AS id, [1, NULL, 3] AS ints, [[1], NULL, []] AS lists,"
            + " {'a': 1, 'b': 'x y', 't': TIMESTAMP_NS '2024-01-02 03:04:05.123456789', 'd': DATE '2024-02-29',"
            + " 'm': 1.25::DECIMAL(10,2)} AS s, MAP(['k1', 'k2'], [1, NULL]) AS m,"
            + " [TIMESTAMP '2024-01-02 03:04:05.123456', NULL] AS tss, [{'x': 1}, NULL] AS structs,"
            + " [[TIMESTAMP_NS '1969-12-31 23:59:59.000000001']] AS deep"
            + " UNION ALL SELECT 2, NULL, [NULL], NULL, NULL, [], NULL, [NULL, []]"
            + " UNION ALL SELECT 3, [], [[NULL]], {'a': NULL, 'b': NULL, 't': NULL, 'd': NULL, 'm': NULL}, MAP([], []),"
            + " NULL, [NULL], NULL";
    private static final List<String> NESTED = List.of("ints", "lists", "s", "m", "tss", "structs", "deep");
    private static final String QUERY = "SELECT id, " + String.join(", ", NESTED) + " FROM nested ORDER BY id";

    @BeforeAll
    static void writeFile() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("COPY (" + TABLE + ") TO '" + dir.resolve("nested.parquet") + "' (FORMAT PARQUET)");
        }
    }

    private static String embeddedUrl() {
        return "jdbc:daft:data=" + dir + ";runner=native";
    }

    private static Connection duck() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    private static String duckQuery() {
        return QUERY.replace("FROM nested", "FROM '" + dir.resolve("nested.parquet") + "'");
    }

    @Test
    void embeddedValuesEqualDuckDbs() throws SQLException {
        try (Connection duck = duck(); Connection c = DriverManager.getConnection(embeddedUrl())) {
            assertEquals(rows(duck, duckQuery()), rows(c, QUERY));
            assertEquals(texts(duck, duckQuery()), texts(c, QUERY), "getString");
            assertEquals(types(duck, duckQuery()), types(c, QUERY), "column types and type names");
        }
    }

    @Test
    void valuesKeepTheirPrecisionAndJavaTypes() throws SQLException {
        try (Connection c = DriverManager.getConnection(embeddedUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(QUERY)) {
            rs.next();
            Struct s = (Struct) rs.getObject("s");
            assertInstanceOf(DaftStruct.class, s);
            assertEquals("STRUCT(a INTEGER, b VARCHAR, t TIMESTAMP_NS, d DATE, m DECIMAL(10,2))", s.getSQLTypeName());
            Object[] attrs = s.getAttributes();
            assertEquals(1, attrs[0]);
            assertEquals("x y", attrs[1]);
            assertEquals(Timestamp.valueOf("2024-01-02 03:04:05.123456789"), attrs[2]);
            assertEquals(123_456_789, ((Timestamp) attrs[2]).getNanos());
            assertEquals(java.sql.Date.valueOf("2024-02-29"), attrs[3]);
            assertEquals(new BigDecimal("1.25"), attrs[4]);
            assertEquals(s, rs.getObject("s", Struct.class));

            Array ints = rs.getArray("ints");
            assertInstanceOf(DaftArray.class, ints);
            assertEquals(Types.INTEGER, ints.getBaseType());
            assertEquals("INTEGER", ints.getBaseTypeName());
            assertArrayEquals(new Object[] {1, null, 3}, (Object[]) ints.getArray());
            assertArrayEquals(new Object[] {null, 3}, (Object[]) ints.getArray(2, 2));
            assertThrows(SQLException.class, () -> ints.getArray(3, 2));
            List<List<Object>> indexed = new ArrayList<>();
            try (ResultSet ar = ints.getResultSet(2, 2)) {
                assertEquals(List.of("INDEX", "VALUE"), List.of(ar.getMetaData().getColumnName(1), ar.getMetaData().getColumnName(2)));
                while (ar.next()) {
                    indexed.add(Arrays.asList(ar.getInt(1), ar.getObject("VALUE")));
                }
            }
            assertEquals(List.of(Arrays.asList(2, null), Arrays.asList(3, 3)), indexed);
            ints.free();

            Object[] lists = (Object[]) rs.getArray("lists").getArray();
            assertEquals(Types.ARRAY, rs.getArray("lists").getBaseType());
            assertArrayEquals(new Object[] {1}, (Object[]) ((Array) lists[0]).getArray());
            assertNull(lists[1]);
            assertArrayEquals(new Object[] {}, (Object[]) ((Array) lists[2]).getArray());
            try (ResultSet ar = rs.getArray("lists").getResultSet()) {
                ar.next();
                assertArrayEquals(new Object[] {1}, (Object[]) ar.getArray(2).getArray());
                ar.next();
                assertNull(ar.getArray(2));
            }

            Map<?, ?> m = (Map<?, ?>) rs.getObject("m");
            assertEquals(List.of("k1", "k2"), new ArrayList<>(m.keySet()));
            assertEquals(1, m.get("k1"));
            assertNull(m.get("k2"));

            Object[] tss = (Object[]) rs.getArray("tss").getArray();
            assertEquals(Timestamp.valueOf("2024-01-02 03:04:05.123456"), tss[0]);
            Object[] deep = (Object[]) ((Array) ((Object[]) rs.getArray("deep").getArray())[0]).getArray();
            assertEquals(1, ((Timestamp) deep[0]).getNanos());
            Object[] structs = (Object[]) rs.getArray("structs").getArray();
            assertArrayEquals(new Object[] {1}, ((Struct) structs[0]).getAttributes());
            assertNull(structs[1]);

            rs.next();
            assertNull(rs.getArray("ints"));
            assertNull(rs.getObject("s"));
            assertNull(rs.getString("m"));
        }
    }

    /** The Daft remote driver gives what the embedded one does; a plain Avatica client DuckDB's text of each value. */
    @Test
    void remoteDriversGetTheSameValuesAndPlainAvaticaText() throws Exception {
        List<List<Object>> expected;
        List<List<String>> texts;
        List<List<Object>> types;
        try (Connection c = DriverManager.getConnection(embeddedUrl())) {
            expected = rows(c, QUERY);
            texts = texts(c, QUERY);
            types = types(c, QUERY);
        }
        try (io.daft.jdbc.server.DaftServer server = io.daft.jdbc.server.DaftServer.start(
                io.daft.jdbc.server.DaftServer.Options.of(dir).withPort(0))) {
            try (Connection c = DriverManager.getConnection(server.url())) {
                assertEquals(expected, rows(c, QUERY));
                assertEquals(texts, texts(c, QUERY), "getString");
                assertEquals(types, types(c, QUERY));
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
                    rs.next();
                    assertInstanceOf(DaftStruct.class, rs.getObject("s"));
                    assertEquals(123_456_789, ((Timestamp) ((Struct) rs.getObject("s")).getAttributes()[2]).getNanos());
                    assertInstanceOf(DaftArray.class, rs.getArray("lists"));
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT lists, s, m FROM nested WHERE id = ?")) {
                    ResultSetMetaData md = ps.getMetaData();
                    assertEquals(List.of(Types.ARRAY, Types.STRUCT, Types.OTHER),
                            List.of(md.getColumnType(1), md.getColumnType(2), md.getColumnType(3)));
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(expected.get(0).get(2), plain(rs.getObject(1)));
                    }
                }
            }
            // a plain Avatica client (a BI tool): each nested value as DuckDB's text, under its type name
            try (Connection c = DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + server.port()
                    + ";serialization=protobuf"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 2; i <= md.getColumnCount(); i++) {
                    assertEquals(Types.VARCHAR, md.getColumnType(i));
                    assertEquals(types.get(i - 1).get(1), md.getColumnTypeName(i));
                }
                List<List<String>> plainTexts = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    plainTexts.add(row);
                }
                assertEquals(texts, plainTexts);
            }
        }
    }

    /** The parquet-testing files with nested columns: the same values and texts embedded, remote and (text) plain Avatica. */
    @Test
    void corpusNestedFilesThroughEveryRoute() throws Exception {
        Path corpus = corpusDir();
        List<String> tables = List.of("datapage_v2.snappy", "list_columns", "nested_lists.snappy", "nested_maps.snappy",
                "nested_structs.rust", "nonnullable.impala", "nullable.impala", "null_list", "nulls.snappy",
                "old_list_structure", "repeated_no_annotation", "repeated_primitive_no_list", "map_no_value");
        try (Connection embedded = DriverManager.getConnection("jdbc:daft:data=" + corpus + ";runner=native");
             io.daft.jdbc.server.DaftServer server = io.daft.jdbc.server.DaftServer.start(
                     io.daft.jdbc.server.DaftServer.Options.of(corpus).withPort(0));
             Connection remote = DriverManager.getConnection(server.url());
             Connection plain = DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + server.port()
                     + ";serialization=protobuf")) {
            for (String table : tables) {
                String sql = "SELECT * FROM \"" + table + "\"";
                List<List<Object>> expected = rows(embedded, sql);
                List<List<String>> texts = texts(embedded, sql);
                assertEquals(expected, rows(remote, sql), table + " (remote)");
                assertEquals(types(embedded, sql), types(remote, sql), table + " (remote types)");
                assertEquals(texts, texts(remote, sql), table + " (remote getString)");
                assertEquals(texts, texts(plain, sql), table + " (plain Avatica getString)");
            }
        }
    }

    /** getColumns names nested columns as their result set metadata does (DuckDB's names), embedded and remote. */
    @Test
    void getColumnsTypeNames() throws Exception {
        List<Object> expected;
        try (Connection c = DriverManager.getConnection(embeddedUrl())) {
            expected = new ArrayList<>(types(c, "SELECT * FROM nested"));
        }
        try (io.daft.jdbc.server.DaftServer server = io.daft.jdbc.server.DaftServer.start(
                io.daft.jdbc.server.DaftServer.Options.of(dir).withPort(0))) {
            for (String url : List.of(embeddedUrl(), server.url())) {
                try (Connection c = DriverManager.getConnection(url);
                     ResultSet rs = c.getMetaData().getColumns(null, null, "nested", null)) {
                    List<Object> got = new ArrayList<>();
                    while (rs.next()) {
                        got.add(List.of(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
                    }
                    assertEquals(expected, got, url);
                }
            }
        }
        assertEquals(List.of(Types.ARRAY, "INTEGER[][]"), expected.get(2));
    }

    private static Path corpusDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("parquet-testing");
            if (java.nio.file.Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find shared/parquet-testing above " + Path.of("").toAbsolutePath());
    }

    /** The embedded driver's prepared statement metadata types nested columns before they run. */
    @Test
    void preparedMetadata() throws SQLException {
        try (Connection c = DriverManager.getConnection(embeddedUrl());
             PreparedStatement ps = c.prepareStatement("SELECT ints, s, m FROM nested")) {
            ResultSetMetaData md = ps.getMetaData();
            assertEquals(List.of(Types.ARRAY, Types.STRUCT, Types.OTHER),
                    List.of(md.getColumnType(1), md.getColumnType(2), md.getColumnType(3)));
            assertEquals(List.of("java.sql.Array", "java.sql.Struct", "java.util.Map"),
                    List.of(md.getColumnClassName(1), md.getColumnClassName(2), md.getColumnClassName(3)));
            assertEquals("MAP(VARCHAR, INTEGER)", md.getColumnTypeName(3));
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(plain(rs.getObject(i)));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<List<String>> texts(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Per column: its JDBC type and type name. */
    private static List<List<Object>> types(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(List.of(md.getColumnType(i), md.getColumnTypeName(i)));
            }
        }
        return out;
    }

    /**
     * A value in a form both drivers' values compare in: arrays and structs as lists, maps as lists of entries,
     * dates by their ISO text (DuckDB gives LocalDate, JDBC's usual java.sql.Date), other leaves as they are.
     */
    private static Object plain(Object o) throws SQLException {
        if (o instanceof Array) {
            return plain(((Array) o).getArray());
        }
        if (o instanceof Struct) {
            return plain(((Struct) o).getAttributes());
        }
        if (o instanceof Object[]) {
            List<Object> l = new ArrayList<>();
            for (Object e : (Object[]) o) {
                l.add(plain(e));
            }
            return l;
        }
        if (o instanceof Map) {
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                entries.add(Arrays.asList(plain(e.getKey()), plain(e.getValue())));
            }
            return entries;
        }
        if (o instanceof java.sql.Date || o instanceof java.time.LocalDate) {
            return o.toString();
        }
        return o;
    }
}
