package io.daft.bench;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.cli.SampleData;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static io.daft.Daft.col;

/**
 * {@code bin/daft bench}: times the native runner and DuckDB on the same Parquet files, in one run, and
 * prints the ratios. Not a test: numbers depend on the machine.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("tpch") || args[0].equals("remote"))) {
            String main = args[0].equals("tpch") ? "io.daft.sqltests.TpchBench" : "io.daft.jdbc.bench.RemoteLoadBench";
            Class.forName(main).getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        long rows = 50_000_000L;
        Path dir = Path.of("data/bench");
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows": rows = Long.parseLong(args[++i]); break;
                case "--dir": dir = Path.of(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i] + " (use --rows N --dir D --runs R)");
            }
        }
        long perFile = 2_000_000L;
        int files = (int) Math.max(1, (rows + perFile - 1) / perFile);
        if (SampleData.ensure(dir, files, Math.min(perFile, rows))) {
            System.out.println("wrote " + files + " files under " + dir);
        }
        String glob = dir + "/*.parquet";
        int threads = Runtime.getRuntime().availableProcessors();
        Daft.setRunnerNative(threads);
        System.out.println("JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + threads + " threads, data " + glob);

        List<String[]> table = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = duck.createStatement()) {
                s.execute("SET threads TO " + threads);
            }
            String src = "read_parquet('" + glob + "')";
            table.add(run("scan: sum/min/max of id, revenue", runs,
                    () -> Daft.readParquet(glob).agg(AggExpr.of(AggOp.SUM, col("id")).alias("s_id"),
                            AggExpr.of(AggOp.SUM, col("revenue")).alias("s_rev"), AggExpr.of(AggOp.MIN, col("id")).alias("min_id"),
                            AggExpr.of(AggOp.MAX, col("revenue")).alias("max_rev")).rows(),
                    duck, "SELECT sum(id), sum(revenue), min(id), max(revenue) FROM " + src));
            table.add(run("group by category, sum(revenue)", runs,
                    () -> Daft.readParquet(glob).groupBy("category").sum("revenue").sort("category").rows(),
                    duck, "SELECT category, sum(revenue) FROM " + src + " GROUP BY category ORDER BY category NULLS LAST"));
        }
        System.out.printf("%n%-36s %12s %12s %8s%n", "query", "daft ms", "duckdb ms", "ratio");
        for (String[] r : table) {
            System.out.printf("%-36s %12s %12s %8s%n", r[0], r[1], r[2], r[3]);
        }
    }

    private static String[] run(String name, int runs, Supplier<List<List<Object>>> daft, Connection duck, String sql) throws Exception {
        List<List<Object>> ours = daft.get(); // warm-up
        List<List<Object>> theirs = duckRows(duck, sql);
        check(name, ours, theirs);
        long[] d = new long[runs];
        long[] k = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            daft.get();
            d[i] = (System.nanoTime() - t0) / 1_000_000;
            long t1 = System.nanoTime();
            duckRows(duck, sql);
            k[i] = (System.nanoTime() - t1) / 1_000_000;
        }
        Arrays.sort(d);
        Arrays.sort(k);
        long dm = d[runs / 2];
        long km = Math.max(1, k[runs / 2]);
        System.out.println(name + ": daft " + Arrays.toString(d) + " ms, duckdb " + Arrays.toString(k) + " ms");
        return new String[]{name, String.valueOf(dm), String.valueOf(km), String.format("%.2f", (double) dm / km)};
    }

    private static List<List<Object>> duckRows(Connection c, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The two engines must agree (floating sums to a relative 1e-9) before their times mean anything. */
    private static void check(String name, List<List<Object>> ours, List<List<Object>> theirs) {
        if (ours.size() != theirs.size()) {
            throw new IllegalStateException(name + ": " + ours.size() + " rows vs DuckDB's " + theirs.size());
        }
        for (int r = 0; r < ours.size(); r++) {
            for (int c = 0; c < ours.get(r).size(); c++) {
                Object a = ours.get(r).get(c);
                Object b = theirs.get(r).get(c);
                boolean same;
                if (a instanceof Number && b instanceof Number) {
                    double x = ((Number) a).doubleValue();
                    double y = ((Number) b).doubleValue();
                    same = Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
                } else {
                    same = String.valueOf(a).equals(String.valueOf(b));
                }
                if (!same) {
                    throw new IllegalStateException(name + ": row " + r + " column " + c + " is " + a + " but DuckDB says " + b);
                }
            }
        }
    }
}
