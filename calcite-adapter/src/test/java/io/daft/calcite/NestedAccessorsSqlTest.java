package io.daft.calcite;

import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code arr[i]}, {@code CARDINALITY}, struct fields, map lookups, UNNEST and nested keys on corpus files, against
 * DuckDB on the same file ({@code len} is DuckDB's name for a list's cardinality; DuckDB unnests a map's
 * {@code map_entries}). {@code {t}} stands for the table.
 */
class NestedAccessorsSqlTest {
    private static DaftSqlEngine engine;
    private static Connection duck;
    private static Path corpus;
    private static long baseline;

    @BeforeAll
    static void open() throws SQLException {
        baseline = LeakCheck.settledBaseline();
        corpus = NestedParquetSqlTest.corpusDir();
        engine = DaftSqlEngine.create(corpus);
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
        engine.close();
        LeakCheck.assertReturnsTo(baseline);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "list_columns | int64_list[1], int64_list[2], int64_list[3], int64_list[0], int64_list[-1], int64_list[-3], utf8_list[1] | same",
            "list_columns | CARDINALITY(int64_list), CARDINALITY(utf8_list) | len(int64_list), len(utf8_list)",
            "list_columns | utf8_list[2] FROM {t} WHERE int64_list[1] = 1 OR int64_list[2] = 1 | same",
            "nested_lists.snappy | a[1], a[2][1], a[1][1][2], b | same",
            "nested_lists.snappy | CARDINALITY(a), CARDINALITY(a[1]), CARDINALITY(a[1][1]) | len(a), len(a[1]), len(a[1][1])",
            "nested_maps.snappy | CARDINALITY(a), b | same",
            "null_list | CARDINALITY(emptylist), emptylist[1] | len(emptylist), emptylist[1]",
            "list_columns | int64_list[CARDINALITY(int64_list)], SUM(CARDINALITY(int64_list)) OVER () | int64_list[len(int64_list)], SUM(len(int64_list)) OVER ()",
            // struct fields (nested, in lists, case-insensitive), map lookups (absent keys, maps in lists and structs)
            "nullable.impala | id, nested_struct.A, nested_struct.b[1], nested_struct.C.d[1][1].E, nested_struct.C.d[1][2].F, t.nested_struct.c.D[2][1].e FROM {t} AS t ORDER BY id | same",
            "nullable.impala | id, int_map['k1'], int_map['k2'], int_map['zz'], int_Map_Array[1]['k1'], nested_struct.g['foo'].H.i[2], nested_struct.g['g1'].h.i[1] FROM {t} ORDER BY id | same",
            // UNNEST: lateral, LEFT JOIN ... ON TRUE, WITH ORDINALITY, of a list of lists, of a map (DuckDB: map_entries)
            "nullable.impala | t.id, u.x FROM {t} AS t, UNNEST(t.int_array) AS u(x) ORDER BY 1, 2 | same",
            "nullable.impala | t.id, u.m['k1'], u.o FROM {t} AS t LEFT JOIN UNNEST(t.int_Map_Array) WITH ORDINALITY AS u(m, o) ON TRUE ORDER BY 1, 3 | same",
            "nullable.impala | t.id, u.l[1].E, u.o FROM {t} AS t CROSS JOIN UNNEST(t.nested_struct.C.d) WITH ORDINALITY AS u(l, o) ORDER BY 1, 3 | same",
            "nested_maps.snappy | u.k, CARDINALITY(u.v), u.v[1] FROM {t} AS t, UNNEST(t.a) AS u(k, v) ORDER BY 1 | u.e.key, CARDINALITY(u.e.value), u.e.value[1] FROM {t} AS t, UNNEST(map_entries(t.a)) AS u(e) ORDER BY 1",
            // nested values as GROUP BY and ORDER BY keys
            "nullable.impala | COUNT(*), MIN(id) FROM {t} GROUP BY int_array_Array ORDER BY 2 | same",
            "nullable.impala | id FROM {t} ORDER BY nested_struct NULLS FIRST, id | same",
            "nullable.impala | id FROM {t} ORDER BY int_Map_Array DESC NULLS LAST, id | same",
    })
    void likeDuckDb(String table, String ours, String duckDb) throws SQLException {
        String theirs = duckDb.equals("same") ? ours : duckDb;
        String file = "read_parquet('" + corpus.resolve(table + ".parquet") + "')";
        List<List<Object>> expected = NestedParquetSqlTest.rows(duck, select(theirs, file));
        try (SqlResult r = engine.query(select(ours, "\"" + table + "\""))) {
            List<List<Object>> actual = new ArrayList<>();
            for (List<Object> row : r.rows()) {
                List<Object> p = new ArrayList<>();
                for (int c = 0; c < row.size(); c++) {
                    p.add(NestedParquetSqlTest.plain(row.get(c), r.columnTypes().get(c)));
                }
                actual.add(p);
            }
            assertEquals(expected, actual, ours);
        }
    }

    @Test
    void unsupportedUnnestShapesSayWhich() {
        String[][] cases = {
                {"SELECT t.id, u.x, u.y FROM \"nullable.impala\" AS t, UNNEST(t.int_array, t.int_array) AS u(x, y)", "UNNEST of 2 arrays at once"},
                {"SELECT t.id FROM \"nullable.impala\" AS t LEFT JOIN UNNEST(t.int_array) AS u(x) ON u.x > 1", "under a LEFT JOIN"},
                {"SELECT * FROM UNNEST(ARRAY[1], ARRAY[2])", "UNNEST of 2 arrays at once"},
        };
        for (String[] c : cases) {
            Exception e = assertThrows(Exception.class, () -> engine.query(c[0]).close(), c[0]);
            assertTrue(e.getMessage().startsWith("not supported") && e.getMessage().contains(c[1]),
                    c[0] + ": " + e.getMessage());
        }
    }

    private static String select(String list, String table) {
        return "SELECT " + (list.contains("{t}") ? list.replace("{t}", table) : list + " FROM " + table);
    }
}
