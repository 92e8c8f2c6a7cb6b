package io.daft.sqltests;

import io.daft.Daft;
import io.daft.cli.tpch.TpchGenerator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/daft bench tpch [--sf 1] [--runs 3]}: the 22 TPC-H queries on our engine and on DuckDB over the
 * same Parquet files, in one run; prints each query's median times, their ratio and the geometric mean of the
 * ratios. Each answer is checked against DuckDB's first. {@code --queries 1,19} runs only those. With
 * {@code --memory}, each engine runs each query in a process of its own and peak resident memory is reported
 * ({@link TpchMemoryBench}). Not a test.
 */
public final class TpchBench {
    private TpchBench() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--memory")) {
            TpchMemoryBench.main(args);
            return;
        }
        double sf = 1;
        int runs = 3;
        Path dir = null;
        java.util.Set<Integer> only = new java.util.TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sf": sf = Double.parseDouble(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--data": dir = Path.of(args[++i]); break;
                case "--queries":
                    for (String q : args[++i].split(",")) {
                        only.add(Integer.parseInt(q.strip().replaceFirst("^[qQ]0*", "")));
                    }
                    break;
                default: throw new IllegalArgumentException("unknown option " + args[i] + " (use --sf N --runs R --data DIR --queries 1,19)");
            }
        }
        if (dir == null) {
            dir = Path.of("data", "tpch-sf" + (sf == Math.rint(sf) ? String.valueOf((long) sf) : String.valueOf(sf)));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        if (!Files.isDirectory(dir.resolve("lineitem"))) {
            System.out.println("generating TPC-H SF" + sf + " under " + dir + " ...");
            new TpchGenerator(sf, dir).generateAll(threads);
        }
        Daft.setRunnerNative(threads);
        System.out.println("JDK " + System.getProperty("java.version") + ", " + threads + " threads, TPC-H SF" + sf + " at " + dir);
        List<String[]> table = new ArrayList<>();
        double logSum = 0;
        int counted = 0;
        try (DaftEngine daft = new DaftEngine(dir); DuckDbEngine duck = DuckDbEngine.overParquetDirectory(dir)) {
            duck.execute("SET threads TO " + threads);
            for (int q = 1; q <= 22; q++) {
                if (!only.isEmpty() && !only.contains(q)) {
                    continue;
                }
                String sql = Files.readString(TestRunners.moduleDirectory().resolve(
                        String.format(Locale.ROOT, "src/test/resources/tpch/q%02d.sql", q)), StandardCharsets.UTF_8).strip();
                String name = String.format(Locale.ROOT, "q%02d", q);
                try {
                    QueryResult expected = duck.query(sql);
                    QueryResult ours = daft.query(sql); // warm-up and check
                    String diff = ResultMatcher.difference(sql, expected, ours);
                    long[] d = new long[runs];
                    long[] k = new long[runs];
                    long[] cpu = new long[runs];
                    for (int r = 0; r < runs; r++) {
                        long c0 = processCpuNanos();
                        long t0 = System.nanoTime();
                        daft.query(sql);
                        d[r] = (System.nanoTime() - t0) / 1_000_000;
                        cpu[r] = (processCpuNanos() - c0) / 1_000_000;
                        long t1 = System.nanoTime();
                        duck.query(sql);
                        k[r] = (System.nanoTime() - t1) / 1_000_000;
                    }
                    long p0 = System.nanoTime();
                    daft.explain(sql); // Calcite and Daft planning only: the query's fixed cost
                    long planMs = (System.nanoTime() - p0) / 1_000_000;
                    Arrays.sort(d);
                    Arrays.sort(cpu);
                    Arrays.sort(k);
                    long dm = d[runs / 2];
                    long km = Math.max(1, k[runs / 2]);
                    double ratio = (double) dm / km;
                    logSum += Math.log(ratio);
                    counted++;
                    table.add(new String[]{name, String.valueOf(dm), String.valueOf(km), String.format(Locale.ROOT, "%.2f", ratio), String.valueOf(planMs), String.valueOf(cpu[runs / 2]),
                            diff == null ? "same" : "DIFFERENT: " + diff.lines().findFirst().orElse("")});
                } catch (Exception e) {
                    table.add(new String[]{name, "-", "-", "-", "-", "-", "FAILED: " + e.getMessage().lines().findFirst().orElse("")});
                }
                String[] last = table.get(table.size() - 1);
                System.out.printf("%s: daft %s ms, duckdb %s ms, ratio %s, planning %s ms, daft cpu %s ms, %s%n", last[0], last[1], last[2], last[3], last[4], last[5], last[6]);
            }
        }
        System.out.printf("%n%-5s %10s %10s %7s %8s %8s  %s%n", "query", "daft ms", "duckdb ms", "ratio", "plan ms", "cpu ms", "answer");
        for (String[] r : table) {
            System.out.printf("%-5s %10s %10s %7s %8s %8s  %s%n", r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
        }
        System.out.printf("geometric mean ratio over %d queries: %.2f%n", counted, counted == 0 ? Double.NaN : Math.exp(logSum / counted));
    }

    /** CPU time of all the process's threads (ours, GC, JIT): less sensitive to other load than wall time. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }
}
