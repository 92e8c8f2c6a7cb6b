package io.daft.calcite;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's API, plans, errors and the data-root guard. */
class SqlEngineTest extends SqlEngineFixture {
    @Test
    void resultShape() {
        try (SqlResult r = engine.query("select o_orderkey as k, o_totalprice, o_orderdate, o_orderstatus, o_custkey, count(*) over () is null as b"
                .replace(", count(*) over () is null as b", "") + " from orders where o_orderkey = 3")) {
            assertEquals(List.of("k", "o_totalprice", "o_orderdate", "o_orderstatus", "o_custkey"), r.columnNames());
            assertEquals(List.of(DataType.INT64, DataType.decimal(12, 2), DataType.DATE, DataType.UTF8, DataType.INT32), r.columnTypes());
            List<Object> row = r.rows().get(0);
            assertEquals(3L, row.get(0));
            assertTrue(row.get(1) instanceof BigDecimal);
            assertTrue(row.get(2) instanceof LocalDate);
            assertEquals("F", row.get(3));
            assertTrue(row.get(4) instanceof Integer);
        }
    }

    @Test
    void caseInsensitiveIdentifiers() {
        assertEquals(engine.query("select count(*) from lineitem").rows(), engine.query("SELECT COUNT(*) FROM LINEITEM").rows());
        assertEquals(engine.query("select l_orderkey from lineitem where l_orderkey = 5").rows(),
                engine.query("SELECT L_ORDERKEY FROM LineItem WHERE \"L_ORDERKEY\" = 5").rows());
    }

    @Test
    void explainShowsDaftPlanWithPushdowns() {
        String plan = engine.explain("select o_orderkey, c_name from orders join customer on o_custkey = c_custkey where o_totalprice > 100 order by o_orderkey limit 3");
        assertTrue(plan.contains("== Optimized Logical Plan =="), plan);
        assertTrue(plan.contains("== Physical Plan =="), plan);
        assertTrue(plan.contains("Join"), plan);
        assertTrue(plan.contains("Source"), plan);
        assertTrue(plan.contains("pushdowns"), plan);
    }

    @Test
    void jdbcExplainShowsOnlyTheConverterAndDaftPlan() throws Exception {
        for (String q : List.of("select o_orderstatus, count(*) from orders group by o_orderstatus",
                "select o_orderkey from orders order by o_totalprice desc limit 3",
                "select c_custkey from customer where c_custkey not in (select o_custkey from orders)",
                "select 1 + 1",
                "select o_custkey from orders intersect select c_custkey from customer")) {
            try (Statement st = engine.connection().createStatement();
                 ResultSet rs = st.executeQuery("explain plan for " + q)) {
                assertTrue(rs.next());
                String text = rs.getString(1);
                assertTrue(text.startsWith("DaftToEnumerableConverter"), text);
                assertTrue(text.contains("== Physical Plan =="), text);
                // Calcite's own engine runs nothing: the converter is the only Enumerable node
                assertFalse(text.replace("DaftToEnumerableConverter", "").contains("Enumerable"), text);
            }
        }
    }

    @Test
    void plainCalciteModelConnection() throws Exception {
        String model = "inline:{\"version\": \"1.0\", \"defaultSchema\": \"tpch\", \"schemas\": [{\"name\": \"tpch\", \"type\": \"custom\","
                + " \"factory\": \"io.daft.calcite.DaftSchemaFactory\", \"operand\": {\"directory\": \"" + data.dir + "\","
                + " \"tables\": [{\"name\": \"big_orders\", \"path\": \"orders/part-1.parquet\", \"format\": \"parquet\"}]}}]}";
        Properties p = DaftSqlEngine.connectionProperties();
        p.setProperty("model", model);
        try (Connection c = DriverManager.getConnection("jdbc:calcite:", p);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*), sum(o_totalprice) from orders where o_orderstatus = 'F'")) {
                assertTrue(rs.next());
                List<List<Object>> duck = data.duck("select count(*), sum(o_totalprice) from orders where o_orderstatus = 'F'");
                assertEquals(((Number) duck.get(0).get(0)).longValue(), rs.getLong(1));
                assertEquals(0, ((BigDecimal) duck.get(0).get(1)).compareTo(rs.getBigDecimal(2)));
            }
            try (ResultSet rs = st.executeQuery("select count(*) from big_orders")) {
                assertTrue(rs.next());
                assertEquals(200, rs.getLong(1));
            }
            try (ResultSet rs = st.executeQuery("explain plan for select o_custkey, count(*) from orders group by o_custkey")) {
                assertTrue(rs.next());
                String text = rs.getString(1);
                assertTrue(text.startsWith("DaftToEnumerableConverter"), text);
                assertTrue(text.contains("Source"), text);
            }
        }
    }

    @Test
    void unsupportedOperatorFailsClearly() {
        // UNNEST of one array runs (as an explode); of several at once it does not
        DaftException e = assertThrows(DaftException.class, () -> engine.query("select * from unnest(array[1, 2], array[3]) as t(x, y)"));
        assertTrue(e.getMessage().startsWith("not supported:"), e.getMessage());
        assertTrue(e.getMessage().contains("Uncollect") && e.getMessage().contains("2 arrays"), e.getMessage());
    }

    @Test
    void syntaxAndValidationErrorsNamePositions() {
        DaftException e = assertThrows(DaftException.class, () -> engine.query("select o_orderkey from orders wher o_orderkey = 1"));
        assertTrue(e.getMessage().contains("line 1, column 36"), e.getMessage());
        assertTrue(e.getMessage().length() < 600, e.getMessage());
        e = assertThrows(DaftException.class, () -> engine.query("select o_nosuchcolumn from orders"));
        assertTrue(e.getMessage().contains("line 1, column 8"), e.getMessage());
        assertTrue(e.getMessage().contains("o_nosuchcolumn"), e.getMessage());
    }

    @Test
    void unknownTableListsTables() {
        DaftException e = assertThrows(DaftException.class, () -> engine.query("select * from nosuchtable"));
        assertTrue(e.getMessage().contains("nosuchtable"), e.getMessage());
        assertTrue(e.getMessage().contains("[customer, events, lineitem, nation, orders, region]"), e.getMessage());
    }

    @Test
    void tableFunctionsInsideTheDataRoot() {
        data.check(engine, "select o_orderstatus, count(*) from table(read_parquet('orders/*.parquet')) group by o_orderstatus",
                "select o_orderstatus, count(*) from orders group by o_orderstatus", false);
        data.check(engine, "select count(*) from table(read_parquet('" + data.dir.resolve("lineitem") + "/part-*.parquet'))",
                "select count(*) from lineitem", false);
        data.check(engine, "select r_name from table(read_csv('region.csv')) where r_regionkey > 1",
                "select r_name from region where r_regionkey > 1", false);
    }

    @Test
    void tableFunctionsRefusePathsOutsideTheDataRoot() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.copy(data.dir.resolve("nation.parquet"), outside.resolve("secret.parquet"));
        Files.createSymbolicLink(data.dir.resolve("escape"), outside);
        for (String path : List.of("../outside/secret.parquet", outside + "/*.parquet", "orders/../../outside/secret.parquet",
                "escape/secret.parquet", "/etc/passwd")) {
            DaftException e = assertThrows(DaftException.class,
                    () -> engine.query("select count(*) from table(read_parquet('" + path + "'))"), path);
            assertTrue(e.getMessage().contains("refused"), path + ": " + e.getMessage());
        }
    }

    @Test
    void explainThroughQueryReturnsPlanText() {
        SqlResult r = engine.query("explain plan for select count(*) from orders");
        assertEquals(1, r.rows().size());
        assertTrue(r.rows().get(0).get(0).toString().startsWith("DaftToEnumerableConverter"), r.toString());
    }

    @Test
    void windowFunctionsRunOnDaft() {
        String sql = "select o_orderkey, row_number() over (order by o_orderkey), "
                + "rank() over (partition by o_custkey order by o_totalprice desc), "
                + "sum(o_totalprice) over (partition by o_custkey order by o_orderkey rows between 1 preceding and current row) from orders";
        data.check(engine, sql, sql, false);
        assertTrue(engine.explain(sql).contains("Window"), engine.explain(sql));
    }

    /** [NOT] EXISTS with an equality to the outer row plan as semi / anti joins, reading each table once. */
    @Test
    void existsBecomesSemiAndAntiJoins() {
        String sql = "select c_name from customer c where exists (select * from orders o where o.o_custkey = c.c_custkey "
                + "and o.o_totalprice > 1000) and not exists (select * from orders o2 where o2.o_custkey = c.c_custkey "
                + "and o2.o_orderkey <> c.c_custkey and o2.o_orderstatus = 'F')";
        data.check(engine, sql, sql, false);
        String plan = engine.explain(sql);
        String optimized = plan.substring(plan.indexOf("== Optimized Logical Plan =="), plan.indexOf("== Physical Plan =="));
        assertTrue(optimized.contains("Join: SEMI on") && optimized.contains("Join: ANTI on"), plan);
        assertEquals(2, countScansOf(optimized, "orders"), plan);
        // no equality with the outer row: left to Calcite's decorrelation, same answer
        String nonEqui = "select c_name from customer c where exists (select * from orders o where o.o_totalprice > c.c_custkey * 1000)";
        data.check(engine, nonEqui, nonEqui, false);
    }

    private static int countScansOf(String plan, String table) {
        int n = 0;
        for (String line : plan.split("\\n")) {
            if (line.contains("Source:") && line.contains("/" + table)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void scalarSubqueryWithSeveralRowsFails() {
        DaftException e = assertThrows(DaftException.class, () -> engine.query("select (select o_orderkey from orders) from nation"));
        assertTrue(e.getMessage().contains("more than one row returned by a scalar sub-query"), e.getMessage());
        data.check(engine, "select n_name, (select r_name from region where r_regionkey = 2) from nation",
                "select n_name, (select r_name from region where r_regionkey = 2) from nation", false);
        data.check(engine, "select n_name, (select r_name from region where r_regionkey = n_regionkey) from nation",
                "select n_name, (select r_name from region where r_regionkey = n_regionkey) from nation", false);
    }

    @Test
    void roundKeepsTheCarryDigit() {
        data.check(engine, "select round(o_totalprice, 1), round(o_totalprice), round(c_acctbal, -1) from orders, customer where o_custkey = c_custkey",
                "select round(o_totalprice, 1), round(o_totalprice), round(c_acctbal, -1) from orders, customer where o_custkey = c_custkey", false);
    }

    @Test
    void explainAnalyzeRunsTheQueryAndShowsEachOperatorsRows() {
        long lineitems = ((Number) engine.query("select count(*) from lineitem").rows().get(0).get(0)).longValue();
        try (SqlResult r = engine.query("EXPLAIN ANALYZE select l_returnflag, count(*) from lineitem group by l_returnflag")) {
            assertEquals(List.of("plan"), r.columnNames());
            List<String> lines = r.rows().stream().map(row -> (String) row.get(0)).toList();
            assertEquals("== Physical Plan (analyzed), by stage ==", lines.get(0));
            assertTrue(lines.stream().anyMatch(l -> l.contains("Scan:") && l.contains("rows=" + lineitems + ",")), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("query: ") && l.contains("peak memory")), String.join("\n", lines));
            assertEquals("rows returned: 3", lines.get(lines.size() - 1));
        }
    }
}
