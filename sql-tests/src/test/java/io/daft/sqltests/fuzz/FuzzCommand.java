package io.daft.sqltests.fuzz;

import io.daft.Daft;
import io.daft.sqltests.DaftEngine;
import io.daft.sqltests.DuckDbEngine;
import io.daft.sqltests.SltData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/daft fuzz [--queries 1000] [--seed 1] [--set knob=value]... [--exclude-known] [--timeout-ms 20000]}:
 * a differential campaign of generated queries on our engine and on DuckDB over the sqllogictest tables, printing
 * counts, the "not supported" summary and a reduced reproducer per failure kind. Without {@code --set} every query
 * runs under the five standard settings; each {@code --set a=1;b=2} adds one setting. Exits 1 if anything failed.
 */
public final class FuzzCommand {
    private FuzzCommand() {
    }

    public static void main(String[] args) throws Exception {
        int queries = 1000;
        long seed = 1;
        long timeout = 20_000;
        boolean knownShapes = true;
        boolean nested = false;
        List<FuzzSetting> settings = new ArrayList<>();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "daft-fuzz-data-" + ProcessHandle.current().pid());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--queries": queries = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--set": settings.add(FuzzSetting.parse(args[++i])); break;
                case "--timeout-ms": timeout = Long.parseLong(args[++i]); break;
                case "--exclude-known": knownShapes = false; break;
                case "--nested": nested = true; break;
                case "--data": dir = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --queries N --seed S --set knob=value[;knob=value] --exclude-known --nested --timeout-ms MS --data DIR)");
            }
        }
        if (settings.isEmpty()) {
            settings = FuzzSetting.standard();
        }
        SltData.write(dir, SltData.scriptFromClasspath());
        Daft.setRunnerNative();
        FuzzCampaign.Report report;
        try (DaftEngine ours = new DaftEngine(dir); DuckDbEngine duck = DuckDbEngine.overParquetDirectory(dir);
             FuzzRunner runner = new FuzzRunner(ours, duck, timeout)) {
            duck.execute("SET threads TO 1");
            report = FuzzCampaign.run(runner, FuzzSchema.load(duck), seed, queries, settings,
                    new QueryGenerator.Options(knownShapes, nested), System.out);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.print(report.summary());
        if (!report.failures().isEmpty()) {
            System.exit(1);
        }
    }
}
