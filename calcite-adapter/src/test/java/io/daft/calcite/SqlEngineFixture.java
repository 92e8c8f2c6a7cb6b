package io.daft.calcite;

import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * One {@link DaftSqlEngine} over {@link SqlTestData} per test class, closed after it, with a check that Arrow
 * memory is back to where it was before the class started.
 */
abstract class SqlEngineFixture {
    @TempDir
    static Path tmp;
    static SqlTestData data;
    static DaftSqlEngine engine;
    private static long baseline;

    @BeforeAll
    static void startEngine() throws Exception {
        baseline = LeakCheck.settledBaseline();
        data = new SqlTestData(tmp.resolve("data"));
        engine = DaftSqlEngine.create(data.dir);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        engine.close();
        data.close();
        LeakCheck.assertReturnsTo(baseline);
    }
}
