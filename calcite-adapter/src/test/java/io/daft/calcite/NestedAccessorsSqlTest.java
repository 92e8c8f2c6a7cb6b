package io.daft.calcite;

import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code arr[i]} and {@code CARDINALITY} on corpus files, against DuckDB on the same file ({@code len} is DuckDB's
 * name for a list's cardinality). {@code {t}} stands for the table.
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

    private static String select(String list, String table) {
        return "SELECT " + (list.contains("{t}") ? list.replace("{t}", table) : list + " FROM " + table);
    }
}
