package io.daft.ops;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.DataType;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.logical.SortKey;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.daft.Daft.col;
import static io.daft.testing.ResultComparison.assertSameRows;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The nested kernels (explode, struct_get, map_get, list_value, normalized keys for grouping, sorting, joining and
 * comparing) against DuckDB on the same Parquet file: 3,000 rows of lists, structs, maps, lists of lists and doubles
 * with NULL and empty lists, NULL elements, NULL structs and fields and absent map keys, read in small batches.
 */
class NestedKernelsTest {
    @TempDir
    static Path dir;
    private static String file;

    @BeforeAll
    static void write() throws Exception {
        file = dir.resolve("n.parquet").toString();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id,"
                    + " CASE WHEN i % 11 = 0 THEN NULL WHEN i % 7 = 0 THEN []::INTEGER[]"
                    + "   ELSE [i % 5, CASE WHEN i % 3 = 0 THEN NULL ELSE i % 4 END, i % 2][1:1 + i % 3] END AS xs,"
                    + " CASE WHEN i % 13 = 0 THEN NULL ELSE {'a': CASE WHEN i % 6 = 0 THEN NULL ELSE i % 4 END,"
                    + "   'b': CASE WHEN i % 5 = 0 THEN NULL ELSE 'v' || (i % 3) END} END AS s,"
                    + " CASE WHEN i % 17 = 0 THEN NULL WHEN i % 2 = 0 THEN MAP(['k1', 'k2'], [i % 9, NULL])"
                    + "   ELSE MAP(['k' || (i % 3)], [i]) END AS m,"
                    + " CASE WHEN i % 19 = 0 THEN NULL ELSE [[i % 3], CASE WHEN i % 4 = 0 THEN NULL ELSE [i % 2, NULL] END] END AS ll,"
                    + " [CASE WHEN i % 8 = 0 THEN -0.0 ELSE (i % 3) / 2.0 END, CASE WHEN i % 9 = 0 THEN 'NaN'::DOUBLE END] AS ds"
                    + " FROM range(3000) t(i)) TO '" + file + "' (FORMAT PARQUET, ROW_GROUP_SIZE 500)");
        }
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    private static List<List<Object>> duck(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE VIEW n AS SELECT * FROM read_parquet('" + file + "')");
            return duckRows(c, sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataFrame n() {
        Daft.setExecutionConfig(ExecutionConfig.builder().defaultMorselSize(128).numPartitions(3)
                .broadcastJoinSizeBytesThreshold(0).build());
        return Daft.readParquet(file);
    }

    private static int names;

    /** A function call, named uniquely (select lists need distinct names). */
    private static Expr fn(String name, Expr... args) {
        return new FunctionExpr(name, List.of(args)).alias("f" + (++names));
    }

    /** DuckDB's numbers as ours: integers as Long, doubles as Double. */
    private static List<List<Object>> normalized(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            List<Object> row = new ArrayList<>();
            for (Object v : r) {
                row.add(v instanceof Integer || v instanceof Short || v instanceof Byte ? ((Number) v).longValue() : v);
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void explodeRepeatsTheOtherColumnsPerElement() {
        long baseline = LeakCheck.settledBaseline();
        List<List<Object>> ours = normalized(n().explode("xs").select(col("id"), col("xs")).rows());
        assertSameRowsAnyOrder("explode(xs)", normalized(duck("SELECT id, UNNEST(xs) FROM n")), ours);
        List<List<Object>> lists = normalized(n().explode("ll").select(col("id"), fn("list_element", col("ll"), Literal.of(1L)),
                fn("list_element", col("ll"), Literal.of(2L))).rows());
        assertSameRowsAnyOrder("explode(ll)", normalized(duck("SELECT id, l[1], l[2] FROM n, UNNEST(n.ll) AS u(l)")), lists);
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void explodeOfAMapGivesItsEntries() {
        List<List<Object>> ours = normalized(n().explode("m").select(col("id"), fn("struct_get", col("m"), Literal.of("key")),
                fn("struct_get", col("m"), Literal.of("value"))).rows());
        assertSameRowsAnyOrder("explode(m)", normalized(duck("SELECT id, e.key, e.value FROM n, UNNEST(map_entries(n.m)) AS u(e)")), ours);
    }

    @Test
    void structFieldsAndMapLookupsAreNullWhereTheParentIsOrTheKeyIsAbsent() {
        long baseline = LeakCheck.settledBaseline();
        List<List<Object>> ours = normalized(n().select(col("id"), fn("struct_get", col("s"), Literal.of("a")),
                fn("struct_get", col("s"), Literal.of("b")), fn("map_get", col("m"), Literal.of("k1")),
                fn("map_get", col("m"), Literal.of("k2")), fn("map_get", col("m"), Literal.of("zz")),
                fn("list_element", col("ll"), Literal.of(-1L))).rows());
        // ll[-1] is a list: compared through its text
        List<List<Object>> expected = normalized(duck("SELECT id, s.a, s.b, m['k1'], m['k2'], m['zz'], ll[-1] FROM n"));
        assertEquals(expected.size(), ours.size());
        List<List<Object>> e = new ArrayList<>();
        List<List<Object>> a = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            List<Object> x = new ArrayList<>(expected.get(i).subList(0, 6));
            x.add(String.valueOf(expected.get(i).get(6)));
            e.add(x);
            List<Object> y = new ArrayList<>(ours.get(i).subList(0, 6));
            y.add(ours.get(i).get(6) == null ? "null" : ours.get(i).get(6).toString());
            a.add(y);
        }
        assertSameRowsAnyOrder("struct_get / map_get", e, a);
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void listValueBuildsOneListPerRow() {
        List<List<Object>> ours = normalized(n().select(col("id"), fn("list_element",
                fn("list_value", col("id"), fn("struct_get", col("s"), Literal.of("a")), Literal.of(7L)), Literal.of(2L))).rows());
        assertSameRowsAnyOrder("list_value", normalized(duck("SELECT id, [id, s.a, 7][2] FROM n")), ours);
    }

    @Test
    void sortsByNestedKeysInDuckDbsOrder() {
        for (String c : List.of("xs", "s", "m", "ll", "ds")) {
            for (boolean desc : new boolean[] {false, true}) {
                List<List<Object>> ours = normalized(n().sortBy(List.of(new SortKey(col(c), desc, false), new SortKey(col("id"), false, false)))
                        .select(col("id")).rows());
                assertSameRows("ORDER BY " + c + (desc ? " DESC" : ""),
                        normalized(duck("SELECT id FROM n ORDER BY " + c + (desc ? " DESC" : "") + " NULLS LAST, id")), ours);
            }
        }
    }

    @Test
    void groupsAndJoinsOnNestedKeys() {
        long baseline = LeakCheck.settledBaseline();
        for (String c : List.of("xs", "s", "m", "ll", "ds")) {
            List<List<Object>> ours = normalized(n().groupBy(col(c)).agg(AggExpr.of(AggOp.COUNT_ALL, col("id")).alias("n"),
                    AggExpr.of(AggOp.MIN, col("id")).alias("lo")).select(col("n"), col("lo")).rows());
            assertSameRowsAnyOrder("GROUP BY " + c, normalized(duck("SELECT COUNT(*), MIN(id) FROM n GROUP BY " + c)), ours);
        }
        DataFrame left = n().select(col("id"), col("ll"));
        DataFrame right = n().select(col("id").alias("rid"), col("ll").alias("rll"));
        List<List<Object>> joined = normalized(left.join(right, List.of(col("ll")), List.of(col("rll")), io.daft.ops.join.JoinType.INNER)
                .select(col("id"), col("rid")).rows());
        assertSameRowsAnyOrder("JOIN ON ll", normalized(duck("SELECT a.id, b.id FROM n a JOIN n b ON a.ll = b.ll")), joined);
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void comparesNestedValuesAsDuckDb() {
        Expr xs2 = fn("list_value", Literal.of(1L), Literal.nullOf(DataType.INT64));
        List<List<Object>> ours = normalized(n().select(col("id"), col("xs").eq(xs2).alias("e"), col("xs").lt(xs2).alias("l"), col("ll").gt(col("ll")).alias("g")).rows());
        assertSameRowsAnyOrder("comparisons", normalized(duck("SELECT id, xs = [1, NULL], xs < [1, NULL], ll > ll FROM n")), ours);
    }
}
