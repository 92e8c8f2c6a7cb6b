package io.daft.calcite;

import io.daft.calcite.rel.DaftJoin;
import io.daft.calcite.rel.DaftTableScan;
import io.daft.testing.LeakCheck;
import io.daft.testing.ResultComparison;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Join order from statistics, on TPC-H q05's shape: a fact table with two large dimensions that also share a
 * low-cardinality column (customers and suppliers in the same nation). Joining the two dimensions on that column
 * first makes their product over the nations (at SF10, 1.2 billion rows); the order must go through the fact table,
 * and the answers stay DuckDB's.
 */
class JoinOrderTest {
    @TempDir
    static Path dir;
    static Connection duck;
    static DaftSqlEngine engine;
    private static long baseline;

    @BeforeAll
    static void writeTables() throws Exception {
        baseline = LeakCheck.settledBaseline();
        Class.forName("org.duckdb.DuckDBDriver");
        duck = DriverManager.getConnection("jdbc:duckdb:");
        exec("CREATE TABLE cust AS SELECT i AS c_key, i % 5 AS c_nation FROM range(1, 3001) t(i)");
        exec("CREATE TABLE supp AS SELECT i AS s_key, i % 5 AS s_nation FROM range(1, 201) t(i)");
        exec("CREATE TABLE sales AS SELECT i AS f_id, i * 7 % 3000 + 1 AS f_cust, i * 13 % 200 + 1 AS f_supp,"
                + " (i % 97)::DOUBLE AS f_amount FROM range(0, 20000) t(i)");
        for (String t : List.of("cust", "supp", "sales")) {
            exec("COPY " + t + " TO '" + dir.resolve(t + ".parquet") + "' (FORMAT PARQUET)");
            exec("DROP TABLE " + t);
            exec("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + dir.resolve(t + ".parquet") + "')");
        }
        engine = DaftSqlEngine.create(dir);
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
        duck.close();
        LeakCheck.assertReturnsTo(baseline);
    }

    private static void exec(String sql) throws Exception {
        try (Statement s = duck.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void dimensionsSharingAColumnAreJoinedThroughTheFactTable() throws Exception {
        for (String sql : List.of(
                "select c_nation, sum(f_amount) from cust, sales, supp where c_key = f_cust and s_key = f_supp"
                        + " and c_nation = s_nation group by c_nation",
                "select c_nation, count(*) from supp, cust, sales where f_supp = s_key and f_cust = c_key"
                        + " and s_nation = c_nation and f_amount > 3 group by c_nation")) {
            RelNode plan = plan(sql);
            String shown = RelOptUtil.toString(plan);
            List<Set<String>> joins = new ArrayList<>();
            joinedTables(plan, joins);
            assertEquals(2, joins.size(), shown);
            assertFalse(joins.contains(Set.of("cust", "supp")), "customers joined with suppliers first:\n" + shown);
            ResultComparison.assertSameRows(sql, SqlTestData.sorted(ResultComparison.duckRows(duck, sql)),
                    SqlTestData.sorted(engine.query(sql).rows()));
        }
    }

    private static RelNode plan(String sql) throws Exception {
        return ChosenPlans.of(engine, sql);
    }

    /** The tables below {@code rel}; each join's tables are added to {@code joins}. */
    private static Set<String> joinedTables(RelNode rel, List<Set<String>> joins) {
        Set<String> tables = new TreeSet<>();
        if (rel instanceof DaftTableScan scan) {
            tables.add(scan.getTable().getQualifiedName().get(scan.getTable().getQualifiedName().size() - 1));
        }
        for (RelNode input : rel.getInputs()) {
            tables.addAll(joinedTables(input, joins));
        }
        if (rel instanceof DaftJoin) {
            joins.add(Set.copyOf(tables));
        }
        return tables;
    }
}
