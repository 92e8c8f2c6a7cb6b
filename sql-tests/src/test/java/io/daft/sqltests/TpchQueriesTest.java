package io.daft.sqltests;

import io.daft.cli.tpch.TpchGenerator;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The 22 TPC-H queries (spec validation parameters) at scale factor 0.01, on the engine under test and on DuckDB
 * over the same Parquet files, answers compared by {@link ResultMatcher}. The data is generated once per run.
 */
class TpchQueriesTest {
    static final double SCALE_FACTOR = 0.01;
    private static Path data;
    private static DuckDbEngine duck;
    private static SqlEngineUnderTest engine;
    private static long baseline;

    @BeforeAll
    static void setUp() throws IOException {
        data = TestRunners.moduleDirectory().resolve("target/tpch-sf" + SCALE_FACTOR);
        new TpchGenerator(SCALE_FACTOR, data).generateAll(Runtime.getRuntime().availableProcessors());
        baseline = LeakCheck.settledBaseline();
        duck = DuckDbEngine.overParquetDirectory(data);
        engine = TestRunners.engineUnderTest(data);
    }

    /** In-memory bytes our engine spilled over all queries (read when the suite runs under a small memory_limit). */
    private static final java.util.concurrent.atomic.AtomicLong SPILLED = new java.util.concurrent.atomic.AtomicLong();

    @AfterAll
    static void spilledUnderASmallLimit() {
        if (TestRunners.underMemoryLimit() && TestRunners.engineName().equals("daft")) {
            assertTrue(SPILLED.get() > 0, "TPC-H under memory_limit " + System.getProperty("daft.memory_limit") + " spilled nothing");
        }
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (duck != null) {
            duck.close();
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    static String query(int q) throws IOException {
        Path file = TestRunners.moduleDirectory().resolve(String.format(Locale.ROOT, "src/test/resources/tpch/q%02d.sql", q));
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    @TestFactory
    List<DynamicTest> queries() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int q = 1; q <= 22; q++) {
            int n = q;
            tests.add(DynamicTest.dynamicTest(String.format(Locale.ROOT, "q%02d", q), () -> run(n)));
        }
        return tests;
    }

    private static void run(int q) throws Exception {
        String sql = query(q);
        QueryResult expected = duck.query(sql);
        assertFalse(expected.rows().isEmpty() && q != 0, "DuckDB gave no rows for q" + q + " (bad substitution parameters?)");
        QueryResult actual;
        List<io.daft.execution.QueryContext> ran = new ArrayList<>();
        try (var observing = io.daft.execution.QueryContext.observe(ran::add)) {
            actual = engine.query(sql);
        } catch (Exception e) {
            throw new AssertionError("q" + q + " failed on " + engine.name() + ": " + e, e);
        }
        ran.forEach(c -> SPILLED.addAndGet(c.spill().bytesSpilled()));
        String diff = ResultMatcher.difference(sql, expected, actual);
        if (diff != null) {
            fail("q" + q + ": " + diff);
        }
    }
}
