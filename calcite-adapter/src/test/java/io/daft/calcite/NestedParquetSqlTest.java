package io.daft.calcite;

import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parquet-testing files with list, map and struct columns, through SQL: COUNT(*), the scalar columns alone and
 * the nested columns themselves, each compared with DuckDB's reading of the same file (values through JDBC on
 * both sides, nested ones as Java lists and maps).
 */
class NestedParquetSqlTest {
    private static DaftSqlEngine engine;
    private static Connection duck;
    private static Path corpus;
    private static long baseline;

    @BeforeAll
    static void open() throws SQLException {
        baseline = LeakCheck.settledBaseline();
        corpus = corpusDir();
        engine = DaftSqlEngine.create(corpus);
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
        engine.close();
        LeakCheck.assertReturnsTo(baseline);
    }

    static Path corpusDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("parquet-testing");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find shared/parquet-testing above " + Path.of("").toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"datapage_v2.snappy", "list_columns", "nested_lists.snappy", "nested_maps.snappy",
            "nested_structs.rust", "nonnullable.impala", "nullable.impala", "null_list", "nulls.snappy",
            "old_list_structure", "repeated_no_annotation", "repeated_primitive_no_list"})
    void readsLikeDuckDb(String table) throws SQLException {
        String file = "read_parquet('" + corpus.resolve(table + ".parquet") + "')";
        assertEquals(rows(duck, "SELECT COUNT(*) FROM " + file), rows(engine.connection(), "SELECT COUNT(*) FROM \"" + table + "\""), "COUNT(*)");
        List<String> scalar = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        try (Statement st = engine.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\" LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                int t = md.getColumnType(i);
                String col = "\"" + md.getColumnName(i) + "\"";
                (t == Types.ARRAY || t == Types.STRUCT || t == Types.JAVA_OBJECT || t == Types.OTHER ? nested : scalar).add(col);
            }
        }
        assertTrue(!nested.isEmpty(), "no nested column found in " + table);
        for (List<String> cols : List.of(scalar, nested)) {
            if (cols.isEmpty()) {
                continue;
            }
            String select = String.join(", ", cols);
            String ours = "SELECT " + select + " FROM \"" + table + "\"";
            List<List<Object>> expected = rows(duck, "SELECT " + select + " FROM " + file);
            try (SqlResult r = engine.query(ours)) {
                List<List<Object>> direct = new ArrayList<>();
                for (List<Object> row : r.rows()) {
                    List<Object> p = new ArrayList<>();
                    for (int c = 0; c < row.size(); c++) {
                        p.add(plain(row.get(c), r.columnTypes().get(c)));
                    }
                    direct.add(p);
                }
                assertEquals(expected, direct, table + ": " + select + " (engine rows)");
            }
            assertEquals(expected, rows(engine.connection(), ours), table + ": " + select + " (JDBC)");
        }
    }

    /** One of our values (as {@link SqlResult} holds it) in the form {@link #plain(Object)} gives DuckDB's. */
    static Object plain(Object o, io.daft.core.DataType t) throws SQLException {
        if (o == null) {
            return null;
        }
        switch (t.id()) {
            case LIST: {
                List<Object> l = new ArrayList<>();
                for (Object e : (List<?>) o) {
                    l.add(plain(e, t.listElement().dataType()));
                }
                return l;
            }
            case MAP: {
                List<Object> entries = new ArrayList<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                    entries.add(Arrays.asList(plain(e.getKey(), t.mapKey()), plain(e.getValue(), t.mapValue().dataType())));
                }
                return entries;
            }
            case STRUCT: {
                List<Object> l = new ArrayList<>();
                List<io.daft.core.Field> fields = t.children();
                for (io.daft.core.Field f : fields) {
                    l.add(plain(((Map<?, ?>) o).get(f.name()), f.dataType()));
                }
                return l;
            }
            case TIMESTAMP:
                // as DuckDB's JDBC driver gives a timestamp inside a struct: java.sql.Timestamp's text, in UTC
                java.time.LocalDateTime local = o instanceof java.time.Instant
                        ? java.time.LocalDateTime.ofInstant((java.time.Instant) o, java.time.ZoneOffset.UTC) : (java.time.LocalDateTime) o;
                return java.sql.Timestamp.valueOf(local).toString();
            default:
                return plain(o);
        }
    }

    /** All rows as lists of plain values: JDBC arrays as lists, structs as their attribute lists, maps in order. */
    static List<List<Object>> rows(Connection c, String sql) throws SQLException {
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

    static Object plain(Object o) throws SQLException {
        if (o instanceof java.sql.Array) {
            return plain(((java.sql.Array) o).getArray());
        }
        if (o instanceof java.sql.Struct) {
            return plain(((java.sql.Struct) o).getAttributes());
        }
        if (o instanceof Object[]) {
            List<Object> l = new ArrayList<>();
            for (Object e : (Object[]) o) {
                l.add(plain(e));
            }
            return l;
        }
        if (o instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) o) {
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
        if (o instanceof java.math.BigDecimal) {
            return ((java.math.BigDecimal) o).toPlainString();
        }
        // leaves by their text: the two drivers pick different boxes (Integer/Long) for the same SQL type
        return o == null ? null : o.toString();
    }
}
