package io.daft.cli;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.core.DaftException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** {@code bin/daft}: the command-line entry point. */
public final class Main {
    /** Where the sample 'sales' table lives: {@code bin/daft sql --data data/sample} sees it as table {@code sales}. */
    static final String SAMPLE_DIR = "data/sample/sales";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String command = args[0].toLowerCase(Locale.ROOT);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "demo":
                    demo(rest);
                    break;
                case "gen":
                    gen(rest);
                    break;
                case "sql":
                    delegate("io.daft.calcite.cli.SqlCommand", rest);
                    break;
                case "server":
                    delegate("io.daft.jdbc.server.DaftServer", rest);
                    return; // the server keeps running
                case "sqlline":
                    delegate("io.daft.jdbc.cli.SqllineCommand", rest);
                    break;
                case "bench":
                    delegate("io.daft.bench.Bench", rest);
                    break;
                case "ray":
                    // in the distributed module: this module stays free of Ray
                    delegate("io.daft.distributed.ray.cli.RayCommand", rest);
                    break;
                case "fuzz":
                    // test classes of sql-tests (DuckDB is a test dependency), on bin/daft's classpath like bench tpch
                    delegate("io.daft.sqltests.fuzz.FuzzCommand", rest);
                    break;
                case "help":
                case "--help":
                case "-h":
                    usage();
                    break;
                default:
                    System.err.println("unknown command '" + args[0] + "'");
                    usage();
                    System.exit(2);
            }
        } catch (DaftException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Commands implemented in modules above this one are found by name, so this module depends on none. */
    private static void delegate(String className, String[] args) throws Exception {
        Class<?> c;
        try {
            c = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new DaftException("this command is not available: " + className + " is not on the classpath");
        }
        try {
            c.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DaftException) {
                throw (DaftException) cause;
            }
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void gen(String[] args) throws Exception {
        if (args.length == 0) {
            throw new DaftException("gen needs a dataset: sample or tpch");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "sample":
                genSample(rest);
                break;
            case "tpch":
                delegate("io.daft.cli.tpch.TpchCommand", rest);
                break;
            default:
                throw new DaftException("unknown dataset '" + args[0] + "': use sample or tpch");
        }
    }

    private static void usage() {
        System.err.println(String.join("\n",
                "usage: bin/daft <command> [options]",
                "  demo                        write the sample 'sales' table under data/sample/sales (if missing),",
                "                              then run readParquet(...).groupBy(\"category\").sum(\"revenue\") on the native runner",
                "  gen sample [--dir D] [--files N] [--rows-per-file R] [--force]",
                "                              write the sample 'sales' table (default data/sample/sales)",
                "  gen tpch --sf 1 --out data/tpch",
                "                              write the TPC-H tables as Parquet",
                "  sql [--data DIR] [--format table|csv|json] [--set knob=value] [-f FILE] [\"SQL\"]",
                "                              run SQL over the tables under DIR (each file or directory is a table)",
                "  server [--data DIR] [--port 8765] [--bind 127.0.0.1]",
                "                              serve JDBC clients over Avatica's protocol",
                "  sqlline [-u URL]            the sqlline shell on the embedded driver (or URL)",
                "  bench [--rows N] [--dir D]  time the native runner against DuckDB on the same Parquet files",
                "  bench tpch [--sf 1] [--runs 3] [--queries 1,19]",
                "                              time the 22 TPC-H queries against DuckDB",
                "  bench tpch --memory [--sf 10] [--xmx 2g] [--memory-limit 3GB] [--rss-cap 20g]",
                "                              each engine in its own process per query: time and peak resident memory",
                "  bench remote [--clients 16] [--seconds 20] [--rows 10000000]",
                "                              JDBC load through a loopback server: queries/s, latency, 10M-row stream",
                "  ray start [--nodes 3] [--num-cpus 1] [--object-store-mb 512]",
                "                              start a local multi-node Ray cluster (head + N-1 worker nodes on this",
                "                              machine); prints its address (RAY_ADDRESS)",
                "  ray status | ray stop       the cluster `ray start` started here (other Ray processes are left alone)",
                "  fuzz [--queries N] [--seed S] [--set knob=value[;knob=value]]... [--exclude-known]",
                "                              random SQL on our engine and DuckDB over the sqllogictest tables; reports",
                "                              wrong answers and internal errors with reduced reproducers"));
    }

    private static void demo(String[] args) throws Exception {
        Path dir = Path.of(SAMPLE_DIR);
        if (SampleData.ensure(dir, 8, 500_000)) {
            System.out.println("wrote sample data: " + dir + " (8 Parquet files, 4,000,000 rows)");
        }
        Daft.setRunnerNative();
        DataFrame df = Daft.readParquet(SAMPLE_DIR + "/*.parquet");
        DataFrame result = df.groupBy("category").sum("revenue").sort("category");
        long start = System.nanoTime();
        DataFrame collected = result.collect();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.print(collected.showString(100));
        System.out.println("query took " + ms + " ms on the native runner (" + Runtime.getRuntime().availableProcessors() + " threads)");
        System.out.println();
        System.out.println(result.explain(true));
    }

    private static void genSample(String[] args) throws Exception {
        Path dir = Path.of(SAMPLE_DIR);
        int files = 8;
        long rows = 500_000;
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir": dir = Path.of(args[++i]); break;
                case "--files": files = Integer.parseInt(args[++i]); break;
                case "--rows-per-file": rows = Long.parseLong(args[++i]); break;
                case "--force": force = true; break;
                default: throw new DaftException("unknown option " + args[i]);
            }
        }
        if (force) {
            SampleData.write(dir, files, rows);
        } else if (!SampleData.ensure(dir, files, rows)) {
            System.out.println(dir + " already holds Parquet files (use --force to rewrite)");
            return;
        }
        System.out.println("wrote " + files + " files of " + rows + " rows to " + dir);
    }
}
