package io.daft.sqltests.fuzz;

import io.daft.sqltests.fuzz.Outcome.Kind;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * A fuzzing campaign: {@code queries} generated queries from one seed, each run under every setting; counts
 * outcomes, keeps the failures (reducing the first few of each kind) and the "not supported" messages.
 */
final class FuzzCampaign {
    /** How many failures of one signature are reduced (each reduction re-runs the query up to a few hundred times). */
    private static final int REDUCED_PER_SIGNATURE = 3;
    private static final int MAX_REDUCED = 25;

    /** A failing query: where it failed, how, and its reduced form. */
    record Failure(FuzzQuery query, List<FuzzSetting> settings, Outcome outcome, FuzzQuery reduced) {
        boolean knownShape() {
            return query.shapes().stream().anyMatch(QueryGenerator.KNOWN_SHAPES::contains);
        }
    }

    /** What a campaign found. */
    record Report(long seed, int queries, List<FuzzSetting> settings, Map<Kind, Integer> counts, List<Failure> failures,
                  Map<String, Integer> unsupported, long millis) {
        List<Failure> unexplained() {
            return failures.stream().filter(f -> !f.knownShape()).toList();
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("fuzz: seed %d, %d queries x %d settings (%s) in %.1f s%n", seed, queries,
                    settings.size(), settings, millis / 1000.0));
            counts.forEach((k, n) -> sb.append(String.format("  %-18s %d%n", k, n)));
            if (!unsupported.isEmpty()) {
                sb.append("not supported (by message, most frequent first):\n");
                unsupported.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                        .forEach(e -> sb.append(String.format("  %5d  %s%n", e.getValue(), e.getKey())));
            }
            Map<String, Integer> byShape = new TreeMap<>();
            for (Failure f : failures) {
                Set<String> known = new TreeSet<>(f.query().shapes());
                known.retainAll(QueryGenerator.KNOWN_SHAPES);
                byShape.merge(known.isEmpty() ? "(no known-bug shape)" : String.join(" + ", known), 1, Integer::sum);
            }
            if (!failures.isEmpty()) {
                sb.append("failing queries by known wrong-answer shape of issue 8:\n");
                byShape.forEach((k, n) -> sb.append(String.format("  %5d  %s%n", n, k)));
            }
            for (Failure f : failures) {
                if (f.reduced() == null) {
                    continue;
                }
                sb.append("\n--- ").append(f.outcome().kind()).append(f.knownShape() ? " (known shape " + f.query().shapes() + ")" : "")
                        .append(" under ").append(f.settings()).append('\n');
                sb.append("query:   ").append(f.query().sql()).append('\n');
                sb.append("reduced: ").append(f.reduced().sql()).append('\n');
                sb.append(indent(f.outcome().detail())).append('\n');
            }
            int unreduced = (int) failures.stream().filter(f -> f.reduced() == null).count();
            if (unreduced > 0) {
                sb.append("\n(").append(unreduced).append(" more failing queries of the same kinds not reduced; first lines:)\n");
                failures.stream().filter(f -> f.reduced() == null).limit(30).forEach(f -> sb.append("  ")
                        .append(f.outcome().kind()).append(" [").append(f.settings()).append("] ").append(f.query().sql()).append('\n'));
            }
            return sb.toString();
        }

        private static String indent(String s) {
            return "  " + s.replace("\n", "\n  ");
        }
    }

    private FuzzCampaign() {
    }

    static Report run(FuzzRunner runner, FuzzSchema schema, long seed, int queries, List<FuzzSetting> settings,
                      QueryGenerator.Options options, PrintStream progress) {
        requireNonNull(settings, "settings");
        long start = System.nanoTime();
        QueryGenerator generator = new QueryGenerator(schema, seed, options);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        Map<String, Integer> unsupported = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, Integer> reducedPerSignature = new LinkedHashMap<>();
        int reduced = 0;
        for (int q = 0; q < queries; q++) {
            FuzzQuery query = generator.next();
            String sql = query.sql();
            List<FuzzSetting> failedUnder = new ArrayList<>();
            Outcome firstFailure = null;
            for (FuzzSetting s : settings) {
                Outcome o = runner.run(sql, s);
                counts.merge(o.kind(), 1, Integer::sum);
                if (o.kind() == Kind.UNSUPPORTED) {
                    unsupported.merge(o.detail().replaceAll("\\$\\d+", "\\$n"), 1, Integer::sum);
                }
                if (o.kind().failure()) {
                    failedUnder.add(s);
                    if (firstFailure == null) {
                        firstFailure = o;
                    }
                }
            }
            if (firstFailure != null) {
                String key = firstFailure.signature() + query.shapes();
                FuzzQuery small = null;
                if (reduced < MAX_REDUCED && reducedPerSignature.merge(key, 1, Integer::sum) <= REDUCED_PER_SIGNATURE) {
                    small = runner.reduce(query, failedUnder.get(0), firstFailure);
                    reduced++;
                }
                failures.add(new Failure(query, failedUnder, firstFailure, small));
            }
            if (progress != null && (q + 1) % 500 == 0) {
                progress.printf("  %d queries, %d failing%n", q + 1, failures.size());
            }
        }
        return new Report(seed, queries, settings, counts, failures, unsupported, (System.nanoTime() - start) / 1_000_000);
    }
}
