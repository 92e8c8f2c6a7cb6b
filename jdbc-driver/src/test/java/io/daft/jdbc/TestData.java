package io.daft.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small TPC-H-like Parquet tables written by DuckDB (once per JVM), and helpers to compare query answers. */
public final class TestData {
    private static Path dir;

    private TestData() {
    }

    /** The data directory: nation, customer, orders, lineitem (.parquet). */
    public static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("daft-jdbc-test");
                d.toFile().deleteOnExit();
                write(d);
                dir = d;
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("cannot write the test tables: " + e.getMessage(), e);
            }
        }
        return dir;
    }

    private static void write(Path d) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("create table nation as select i::integer as n_nationkey, 'NATION' || i as n_name, (i % 5)::integer as n_regionkey "
                    + "from range(25) t(i)");
            s.execute("create table customer as select i as c_custkey, 'Customer#' || lpad(i::varchar, 6, '0') as c_name, "
                    + "(i % 25)::integer as c_nationkey, ((i * 37 % 1000000) / 100.0)::decimal(12,2) as c_acctbal, "
                    + "['BUILDING','AUTOMOBILE','MACHINERY','HOUSEHOLD','FURNITURE'][(i % 5) + 1] as c_mktsegment "
                    + "from range(1, 1501) t(i)");
            s.execute("create table orders as select i as o_orderkey, (i * 7 % 1500) + 1 as o_custkey, "
                    + "['F','O','P'][(i % 3) + 1] as o_orderstatus, ((i * 13 % 5000000) / 100.0)::decimal(12,2) as o_totalprice, "
                    + "(date '1994-01-01' + ((i * 17) % 1500)::integer) as o_orderdate, "
                    + "['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'][(i % 5) + 1] as o_orderpriority "
                    + "from range(1, 15001) t(i)");
            s.execute("create table lineitem as select (i % 15000) + 1 as l_orderkey, (i % 7)::integer + 1 as l_linenumber, "
                    + "((i % 50) + 1)::decimal(12,2) as l_quantity, ((i * 31 % 10000000) / 100.0)::decimal(12,2) as l_extendedprice, "
                    + "((i % 11) / 100.0)::decimal(12,2) as l_discount, ((i % 9) / 100.0)::decimal(12,2) as l_tax, "
                    + "['A','N','R'][(i % 3) + 1] as l_returnflag, ['F','O'][(i % 2) + 1] as l_linestatus, "
                    + "(date '1994-01-01' + ((i * 7) % 1800)::integer) as l_shipdate, "
                    + "['AIR','MAIL','SHIP','TRUCK','RAIL'][(i % 5) + 1] as l_shipmode "
                    + "from range(60000) t(i)");
            for (String t : List.of("nation", "customer", "orders", "lineitem")) {
                s.execute("copy " + t + " to '" + d.resolve(t + ".parquet") + "' (format parquet, row_group_size 5000)");
            }
        }
    }

    /** TPC-H-like queries over the tables. */
    public static final List<String> QUERIES = List.of(
            // Q1
            "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as sum_base_price, "
                    + "sum(l_extendedprice * (1 - l_discount)) as sum_disc_price, avg(l_quantity) as avg_qty, count(*) as count_order "
                    + "from lineitem where l_shipdate <= date '1998-09-02' group by l_returnflag, l_linestatus "
                    + "order by l_returnflag, l_linestatus",
            // Q3
            "select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue, o_orderdate "
                    + "from customer, orders, lineitem where c_mktsegment = 'BUILDING' and c_custkey = o_custkey "
                    + "and l_orderkey = o_orderkey and o_orderdate < date '1995-03-15' and l_shipdate > date '1995-03-15' "
                    + "group by l_orderkey, o_orderdate order by revenue desc, o_orderdate, l_orderkey limit 10",
            // Q5-like
            "select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue from customer, orders, lineitem, nation "
                    + "where c_custkey = o_custkey and l_orderkey = o_orderkey and c_nationkey = n_nationkey "
                    + "and o_orderdate >= date '1994-01-01' and o_orderdate < date '1995-01-01' group by n_name order by revenue desc, n_name",
            // Q6
            "select sum(l_extendedprice * l_discount) as revenue from lineitem where l_shipdate >= date '1994-01-01' "
                    + "and l_shipdate < date '1995-01-01' and l_discount between 0.05 and 0.07 and l_quantity < 24",
            // a plain scan with a filter
            "select o_orderkey, o_orderstatus, o_totalprice, o_orderdate from orders where o_orderkey <= 20 order by o_orderkey");

    /** A result as text lines, one per row (values with toString), with a header of labels. */
    public static List<String> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> out = new ArrayList<>();
        StringBuilder h = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            h.append(i > 1 ? "|" : "").append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i));
        }
        out.add(h.toString());
        while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object o = rs.getObject(i);
                sb.append(i > 1 ? "|" : "").append(o == null ? "NULL" : o.toString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    public static List<String> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }
}
