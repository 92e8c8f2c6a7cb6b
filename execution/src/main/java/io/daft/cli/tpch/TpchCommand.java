package io.daft.cli.tpch;

import io.daft.core.DaftException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code daft gen tpch [--sf 1] [--out data/tpch] [--tables lineitem,orders] [--threads N]}: writes the TPC-H
 * tables as Parquet with {@link TpchGenerator}.
 */
public final class TpchCommand {
    private TpchCommand() {
    }

    public static void main(String[] args) throws Exception {
        double sf = 1.0;
        Path out = Path.of("data/tpch");
        List<String> tables = TpchGenerator.TABLES;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("tpch") && i == 0) {
                continue; // tolerate being passed the subcommand's own name
            }
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                throw new DaftException("option " + a + " needs a value; run with --help");
            }
            String v = args[++i];
            switch (a) {
                case "--sf":
                case "--scale-factor":
                    try {
                        sf = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new DaftException("--sf must be a number, got '" + v + "'");
                    }
                    break;
                case "--out":
                    out = Path.of(v);
                    break;
                case "--tables":
                    tables = new ArrayList<>();
                    for (String t : v.split(",")) {
                        if (!t.isBlank()) {
                            tables.add(t.trim().toLowerCase(Locale.ROOT));
                        }
                    }
                    break;
                case "--threads":
                    threads = Integer.parseInt(v);
                    break;
                default:
                    throw new DaftException("unknown option '" + a + "'; run with --help");
            }
        }
        TpchGenerator gen = new TpchGenerator(sf, out);
        long start = System.nanoTime();
        List<Long> rows = gen.generate(tables, threads);
        double secs = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < tables.size(); i++) {
            System.out.printf(Locale.ROOT, "%-9s %,12d rows in %d file(s)  %s%n", tables.get(i), rows.get(i),
                    gen.fileCount(tables.get(i)), out.resolve(tables.get(i)));
        }
        System.out.printf(Locale.ROOT, "TPC-H scale factor %s written to %s in %.1f s%n", fmt(sf), out, secs);
    }

    private static String fmt(double sf) {
        return sf == Math.rint(sf) ? Long.toString((long) sf) : Double.toString(sf);
    }

    private static void usage() {
        System.out.println("usage: daft gen tpch [--sf 1] [--out data/tpch] [--tables t1,t2] [--threads N]");
        System.out.println("  writes <out>/<table>/part-NNN.parquet for the TPC-H tables " + TpchGenerator.TABLES);
    }
}
