package io.daft.sqltests.fuzz;

import io.daft.sqltests.DaftEngine;
import io.daft.sqltests.DuckDbEngine;
import io.daft.sqltests.SltData;
import io.daft.sqltests.TestRunners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The differential fuzzer in CI: a fixed seed's queries under each of the five standard settings (64 per setting,
 * 320 in all), on our engine and DuckDB.
 * Fails on any wrong answer, internal error, one-sided error or timeout, printing reduced reproducers.
 */
class FuzzTest {
    private static final long SEED = 20261203L;
    private static final int QUERIES_PER_SETTING = 64;
    private static final long NESTED_SEED = 20261207L;
    private static final int NESTED_QUERIES_PER_SETTING = 24;

    private static DaftEngine ours;
    private static DuckDbEngine duck;

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = TestRunners.moduleDirectory().resolve("target/fuzz-data");
        SltData.write(dir);
        TestRunners.configureRunner();
        ours = new DaftEngine(dir);
        duck = DuckDbEngine.overParquetDirectory(dir);
        duck.execute("SET threads TO 1");
    }

    @AfterAll
    static void tearDown() {
        if (ours != null) {
            ours.close();
        }
        if (duck != null) {
            duck.close();
        }
    }

    @Test
    void fixedSeedMatchesDuckDbUnderEverySetting() throws Exception {
        // the shapes of issue 8's four wrong-answer classes included
        runAndCheck(new QueryGenerator.Options(true, false), SEED, QUERIES_PER_SETTING);
    }

    @Test
    void nestedQueriesMatchDuckDbUnderEverySetting() throws Exception {
        // a third of these over the nested tables (accessors, UNNEST, nested keys), the rest with ARRAY expressions
        runAndCheck(new QueryGenerator.Options(true, true), NESTED_SEED, NESTED_QUERIES_PER_SETTING);
    }

    private static void runAndCheck(QueryGenerator.Options options, long seed, int perSetting) throws Exception {
        List<FuzzCampaign.Report> reports = new ArrayList<>();
        List<FuzzSetting> settings = FuzzSetting.standard();
        try (FuzzRunner runner = new FuzzRunner(ours, duck, 30_000)) {
            FuzzSchema schema = FuzzSchema.load(duck);
            for (int i = 0; i < settings.size(); i++) {
                // a seed per setting: more distinct queries in the same time than every query under every setting
                reports.add(FuzzCampaign.run(runner, schema, seed + i, perSetting, List.of(settings.get(i)), options, null));
            }
        }
        StringBuilder all = new StringBuilder();
        int failures = 0;
        int matched = 0;
        for (FuzzCampaign.Report r : reports) {
            all.append(r.summary()).append('\n');
            failures += r.failures().size();
            matched += r.counts().getOrDefault(Outcome.Kind.MATCH, 0);
        }
        System.out.print(all);
        assertEquals(0, failures, all.toString());
        // the generator must mostly write SQL both engines answer, or the test would check little
        assertTrue(matched >= perSetting * settings.size() * 9 / 10, "only " + matched + " queries matched:\n" + all);
    }
}
