package io.daft.sqltests;

import io.daft.Daft;
import io.daft.config.ExecutionConfig;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/daft bench tpch --memory [--sf 10] [--xmx 2g] [--memory-limit 3GB] [--rss-cap 20g]}: each TPC-H query
 * on our engine and on DuckDB, each engine in a process of its own per query, reporting the query's time and the
 * process's peak resident memory (VmHWM from {@code /proc}), and checking our answer against DuckDB's. Our process
 * runs with {@code -Xmx} as given and {@code memory_limit} as given (the engine's default when absent). A process
 * whose resident memory passes {@code --rss-cap} (default 90% of the machine) is stopped and reported, so a runaway
 * query cannot take the machine down; one the kernel kills is reported as killed. Not a test.
 *
 * <p>DuckDB runs through its JDBC driver, so its numbers include a small JVM (about 100 MB resident).
 */
public final class TpchMemoryBench {
    private static final String DONE = "DAFT-BENCH-RESULT ";

    private TpchMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        double sf = 10;
        String xmx = "2g";
        String memoryLimit = null;
        long rssCap = (long) (io.daft.memory.MemoryLimits.physicalMemory() * 0.9);
        Set<Integer> only = new java.util.TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--memory": break;
                case "--sf": sf = Double.parseDouble(args[++i]); break;
                case "--data": dir = Path.of(args[++i]); break;
                case "--xmx": xmx = args[++i]; break;
                case "--memory-limit": memoryLimit = args[++i]; break;
                case "--rss-cap": rssCap = ExecutionConfig.builder().set("memory_limit", args[++i]).build().memoryLimit(); break;
                case "--runs": i++; break;
                case "--queries":
                    for (String q : args[++i].split(",")) {
                        only.add(Integer.parseInt(q.strip().replaceFirst("^[qQ]0*", "")));
                    }
                    break;
                default: throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --memory --sf N --data DIR --xmx 2g --memory-limit 3GB --rss-cap 20g --queries 1,19)");
            }
        }
        if (dir == null) {
            dir = Path.of("data", "tpch-sf" + (sf == Math.rint(sf) ? String.valueOf((long) sf) : String.valueOf(sf)));
        }
        if (!Files.isDirectory(dir.resolve("lineitem"))) {
            System.out.println("generating TPC-H SF" + sf + " under " + dir + " ...");
            new io.daft.cli.tpch.TpchGenerator(sf, dir).generateAll(Runtime.getRuntime().availableProcessors());
        }
        Path work = Files.createTempDirectory("daft-membench");
        System.out.printf(Locale.ROOT, "TPC-H at %s; daft -Xmx%s, memory_limit %s; each engine in its own process per query; rss cap %s%n",
                dir, xmx, memoryLimit == null ? "default" : memoryLimit, io.daft.memory.MemoryLimits.format(rssCap));
        List<String[]> table = new ArrayList<>();
        try {
            for (int q = 1; q <= 22; q++) {
                if (!only.isEmpty() && !only.contains(q)) {
                    continue;
                }
                String name = String.format(Locale.ROOT, "q%02d", q);
                Run duck = run("duckdb", dir, q, "1g", null, rssCap, work);
                Run ours = run("daft", dir, q, xmx, memoryLimit, rssCap, work);
                String answer;
                if (ours.result == null) {
                    answer = ours.failure;
                } else if (duck.result == null) {
                    answer = "duckdb " + duck.failure;
                } else {
                    String sql = querySql(q);
                    String diff = ResultMatcher.difference(sql, duck.result, ours.result);
                    answer = diff == null ? "same" : "DIFFERENT: " + diff.lines().findFirst().orElse("");
                }
                String[] row = {name, ours.timeText(), ours.memText(), duck.timeText(), duck.memText(), answer};
                table.add(row);
                System.out.printf(Locale.ROOT, "%s: daft %s ms %s MiB, duckdb %s ms %s MiB, %s%n", (Object[]) row);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.printf(Locale.ROOT, "%n%-5s %10s %12s %10s %12s  %s%n", "query", "daft ms", "daft MiB", "duckdb ms", "duckdb MiB", "answer");
        for (String[] r : table) {
            System.out.printf(Locale.ROOT, "%-5s %10s %12s %10s %12s  %s%n", (Object[]) r);
        }
    }

    /** One engine's run of one query in a child process. */
    private static final class Run {
        QueryResult result;
        long millis = -1;
        long peakRssKb = -1;
        String failure;

        String timeText() {
            return millis < 0 ? "-" : String.valueOf(millis);
        }

        String memText() {
            return peakRssKb < 0 ? "-" : String.valueOf(peakRssKb / 1024);
        }
    }

    private static Run run(String engine, Path dir, int q, String xmx, String memoryLimit, long rssCap, Path work)
            throws IOException, InterruptedException {
        Path out = work.resolve(engine + "-q" + q + ".bin");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-Xms") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx" + xmx);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        cmd.add(engine);
        cmd.add(dir.toAbsolutePath().toString());
        cmd.add(String.valueOf(q));
        cmd.add(out.toString());
        cmd.add(memoryLimit == null ? "" : memoryLimit);
        Path log = work.resolve(engine + "-q" + q + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Run r = new Run();
        long peakSeen = 0;
        boolean capped = false;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            long rss = statusKb(p.pid(), "VmHWM:");
            peakSeen = Math.max(peakSeen, rss);
            if (rss * 1024 > rssCap) {
                capped = true;
                p.destroyForcibly().waitFor();
                break;
            }
        }
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        for (String line : lines) {
            if (line.startsWith(DONE)) {
                String[] f = line.substring(DONE.length()).split(" ");
                r.millis = Long.parseLong(f[0]);
                r.peakRssKb = Long.parseLong(f[1]);
            }
        }
        if (capped) {
            r.peakRssKb = peakSeen;
            r.failure = "STOPPED at the resident cap (" + peakSeen / 1024 + " MiB)";
        } else if (p.exitValue() != 0) {
            r.peakRssKb = Math.max(r.peakRssKb, peakSeen);
            String last = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("\tat ")).reduce((a, b) -> b).orElse("");
            r.failure = (p.exitValue() == 137 ? "KILLED (signal 9, kernel OOM killer?)" : "FAILED (exit " + p.exitValue() + ")")
                    + ": " + last;
        } else {
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(out))) {
                @SuppressWarnings("unchecked")
                List<String> names = (List<String>) in.readObject();
                @SuppressWarnings("unchecked")
                List<List<Object>> rows = (List<List<Object>>) in.readObject();
                r.result = new QueryResult(names, rows);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return r;
    }

    /** A field of /proc/PID/status in kB, or 0 when the process is gone. */
    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended
        }
        return 0;
    }

    static String querySql(int q) throws IOException {
        return Files.readString(TestRunners.moduleDirectory().resolve(
                String.format(Locale.ROOT, "src/test/resources/tpch/q%02d.sql", q)), StandardCharsets.UTF_8).strip();
    }

    /** The child process: runs one query once on one engine, writes the answer, prints time and VmHWM. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            String engine = args[0];
            Path dir = Path.of(args[1]);
            int q = Integer.parseInt(args[2]);
            Path out = Path.of(args[3]);
            String memoryLimit = args.length > 4 ? args[4] : "";
            String sql = querySql(q);
            int threads = Runtime.getRuntime().availableProcessors();
            QueryResult result;
            long t0;
            long millis;
            if (engine.equals("daft")) {
                Daft.setRunnerNative(threads);
                if (!memoryLimit.isEmpty()) {
                    Daft.setExecutionConfig(ExecutionConfig.builder().set("memory_limit", memoryLimit).build());
                }
                try (DaftEngine daft = new DaftEngine(dir)) {
                    t0 = System.nanoTime();
                    result = daft.query(sql);
                    millis = (System.nanoTime() - t0) / 1_000_000;
                }
            } else {
                try (DuckDbEngine duck = DuckDbEngine.overParquetDirectory(dir)) {
                    duck.execute("SET threads TO " + threads);
                    t0 = System.nanoTime();
                    result = duck.query(sql);
                    millis = (System.nanoTime() - t0) / 1_000_000;
                }
            }
            try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(out))) {
                o.writeObject(new ArrayList<>(result.columnNames()));
                o.writeObject(new ArrayList<>(result.rows()));
            }
            System.out.println(DONE + millis + " " + statusKb(ProcessHandle.current().pid(), "VmHWM:"));
            System.exit(0);
        }
    }
}
