package io.daft.calcite;

import io.daft.testing.ResultComparison;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Small TPC-H-shaped tables written as Parquet by DuckDB (several files per table, nulls, decimals, dates), and a
 * DuckDB connection with views of the same names over the same files, to check our answers against.
 */
final class SqlTestData implements AutoCloseable {
    final Path dir;
    final Connection duck;

    SqlTestData(Path dir) throws Exception {
        this.dir = dir;
        Class.forName("org.duckdb.DuckDBDriver");
        this.duck = DriverManager.getConnection("jdbc:duckdb:");
        exec("CREATE TABLE nation AS SELECT i AS n_nationkey, 'NATION_' || i AS n_name, i % 5 AS n_regionkey FROM range(0, 25) t(i)");
        exec("CREATE TABLE region AS SELECT i AS r_regionkey, ['AFRICA','AMERICA','ASIA','EUROPE','MIDDLE EAST'][i + 1] AS r_name FROM range(0, 5) t(i)");
        exec("CREATE TABLE customer AS SELECT i::INTEGER AS c_custkey, 'Customer#' || lpad(i::VARCHAR, 5, '0') AS c_name,"
                + " (i * 7 % 25)::INTEGER AS c_nationkey,"
                + " CASE WHEN i % 11 = 0 THEN NULL ELSE ((i * 37 % 2000) - 500)::DECIMAL(12,2) / 3 END::DECIMAL(12,2) AS c_acctbal,"
                + " ['BUILDING','AUTOMOBILE','MACHINERY','HOUSEHOLD','FURNITURE'][i % 5 + 1] AS c_mktsegment"
                + " FROM range(1, 151) t(i)");
        exec("CREATE TABLE orders AS SELECT i::BIGINT AS o_orderkey, (i * 13 % 160 + 1)::INTEGER AS o_custkey,"
                + " CASE WHEN i % 3 = 0 THEN 'F' WHEN i % 3 = 1 THEN 'O' ELSE 'P' END AS o_orderstatus,"
                + " ((i * 7919 % 100000) / 100.0 + 10)::DECIMAL(12,2) AS o_totalprice,"
                + " (DATE '1992-01-01' + (i * 17 % 2400)::INTEGER) AS o_orderdate,"
                + " CASE WHEN i % 13 = 0 THEN NULL ELSE ['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'][i % 5 + 1] END AS o_orderpriority,"
                + " CASE WHEN i % 17 = 0 THEN NULL ELSE 'comment ' || (i % 23) || CASE WHEN i % 4 = 0 THEN ' special requests' ELSE '' END END AS o_comment"
                + " FROM range(1, 601) t(i)");
        exec("CREATE TABLE lineitem AS SELECT o_orderkey AS l_orderkey, j::INTEGER AS l_linenumber,"
                + " ((o_orderkey * 31 + j * 7) % 50 + 1)::DECIMAL(12,2) AS l_quantity,"
                + " ((o_orderkey * 131 + j * 17) % 100000 / 10.0 + 900)::DECIMAL(12,2) AS l_extendedprice,"
                + " (((o_orderkey + j) % 11) / 100.0)::DECIMAL(12,2) AS l_discount,"
                + " (((o_orderkey + j) % 9) / 100.0)::DECIMAL(12,2) AS l_tax,"
                + " CASE WHEN (o_orderkey + j) % 3 = 0 THEN 'R' WHEN (o_orderkey + j) % 3 = 1 THEN 'A' ELSE 'N' END AS l_returnflag,"
                + " CASE WHEN o_orderkey % 2 = 0 THEN 'O' ELSE 'F' END AS l_linestatus,"
                + " o_orderdate + (j * 11 % 120)::INTEGER AS l_shipdate,"
                + " CASE WHEN (o_orderkey + j) % 19 = 0 THEN NULL ELSE ((o_orderkey * j) % 1000)::DOUBLE / 7 END AS l_weight,"
                + " ['MAIL','SHIP','AIR','TRUCK','RAIL','FOB','REG AIR'][(o_orderkey + j) % 7 + 1] AS l_shipmode"
                + " FROM orders, range(1, 1 + (o_orderkey % 7)::BIGINT) t(j)");
        Files.createDirectories(dir);
        writeParts("orders", 3, "o_orderkey");
        writeParts("lineitem", 4, "l_orderkey");
        writeParts("customer", 2, "c_custkey");
        exec("COPY nation TO '" + dir.resolve("nation.parquet") + "' (FORMAT PARQUET)");
        exec("COPY region TO '" + dir.resolve("region.csv") + "' (FORMAT CSV, HEADER)");
        for (String t : List.of("orders", "lineitem", "customer")) {
            exec("DROP TABLE " + t);
            exec("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + dir.resolve(t) + "/*.parquet')");
        }
        exec("DROP TABLE nation");
        exec("CREATE VIEW nation AS SELECT * FROM read_parquet('" + dir.resolve("nation.parquet") + "')");
        exec("DROP TABLE region");
        exec("CREATE TABLE events AS SELECT i AS e_id, TIMESTAMP '2024-01-01 00:00:00' + to_microseconds(i * 3600123457) AS e_ts,"
                + " CASE WHEN i % 5 = 0 THEN NULL ELSE 'kind' || (i % 3) END AS e_kind FROM range(0, 300) t(i)");
        writeParts("events", 2, "e_id");
        exec("DROP TABLE events");
        exec("CREATE VIEW events AS SELECT * FROM read_parquet('" + dir.resolve("events") + "/*.parquet')");
        exec("CREATE VIEW region AS SELECT * FROM read_csv('" + dir.resolve("region.csv") + "')");
    }

    private void writeParts(String table, int parts, String key) throws SQLException {
        Path d = dir.resolve(table);
        try {
            Files.createDirectories(d);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        for (int p = 0; p < parts; p++) {
            exec("COPY (SELECT * FROM " + table + " WHERE " + key + " % " + parts + " = " + p + " ORDER BY " + key + ") TO '"
                    + d.resolve("part-" + p + ".parquet") + "' (FORMAT PARQUET)");
        }
    }

    void exec(String sql) throws SQLException {
        try (Statement s = duck.createStatement()) {
            s.execute(sql);
        }
    }

    List<List<Object>> duck(String sql) {
        return ResultComparison.duckRows(duck, sql);
    }

    /** Runs {@code sql} in both engines; same rows in the same order if {@code ordered}, else in any order. */
    void check(DaftSqlEngine engine, String sql, boolean ordered) {
        check(engine, sql, sql, ordered);
    }

    void check(DaftSqlEngine engine, String sql, String duckSql, boolean ordered) {
        List<List<Object>> expected = normalize(duck(duckSql));
        SqlResult r = engine.query(sql);
        if (ordered) {
            ResultComparison.assertSameRows(sql, expected, r.rows());
        } else {
            ResultComparison.assertSameRows(sql, sorted(expected), sorted(r.rows()));
        }
        if (!expected.isEmpty()) {
            assertEquals(expected.get(0).size(), r.columnNames().size(), "column count of " + sql);
        }
    }

    /** DuckDB's JDBC date/time objects as the java.time values we return. */
    static List<List<Object>> normalize(List<List<Object>> rows) {
        List<List<Object>> out = new java.util.ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> r = new java.util.ArrayList<>(row.size());
            for (Object o : row) {
                if (o instanceof java.sql.Timestamp) {
                    o = ((java.sql.Timestamp) o).toLocalDateTime();
                } else if (o instanceof java.sql.Date) {
                    o = ((java.sql.Date) o).toLocalDate();
                }
                r.add(o);
            }
            out.add(r);
        }
        return out;
    }

    /** Rows in a canonical order that treats numbers alike whatever their Java type (DuckDB's may differ from ours). */
    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new java.util.ArrayList<>(rows);
        copy.sort(java.util.Comparator.comparing(SqlTestData::sortKey));
        return copy;
    }

    private static String sortKey(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object o : row) {
            if (o == null) {
                sb.append("\u0000null");
            } else if (o instanceof Number) {
                double d = ((Number) o).doubleValue();
                // sign-aware fixed-width key so numeric order and text order agree well enough for pairing rows
                sb.append(String.format("%+.6e", d));
            } else {
                sb.append(o);
            }
            sb.append('\u0001');
        }
        return sb.toString();
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}
