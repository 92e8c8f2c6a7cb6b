package io.daft.cli;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.core.DaftException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** {@code bin/daft}: the command-line entry point. */
public final class Main {
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
                case "gen-sample":
                    genSample(rest);
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

    private static void usage() {
        System.err.println(String.join("\n",
                "usage: bin/daft <command> [options]",
                "  demo                        write the sample 'sales' table under data/sample (if missing),",
                "                              then run readParquet(...).groupBy(\"category\").sum(\"revenue\") on the native runner",
                "  gen-sample [--dir D] [--files N] [--rows-per-file R]",
                "                              write the sample table",
                "  bench [--rows N] [--dir D]  time the native runner against DuckDB on the same Parquet files"));
    }

    private static void demo(String[] args) throws Exception {
        Path dir = Path.of("data/sample");
        if (SampleData.ensure(dir, 8, 500_000)) {
            System.out.println("wrote sample data: " + dir + " (8 Parquet files, 4,000,000 rows)");
        }
        Daft.setRunnerNative();
        DataFrame df = Daft.readParquet("data/sample/*.parquet");
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
        Path dir = Path.of("data/sample");
        int files = 8;
        long rows = 500_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir": dir = Path.of(args[++i]); break;
                case "--files": files = Integer.parseInt(args[++i]); break;
                case "--rows-per-file": rows = Long.parseLong(args[++i]); break;
                default: throw new DaftException("unknown option " + args[i]);
            }
        }
        SampleData.write(dir, files, rows);
        System.out.println("wrote " + files + " files of " + rows + " rows to " + dir);
    }
}
