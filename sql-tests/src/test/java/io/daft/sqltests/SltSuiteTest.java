package io.daft.sqltests;

import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every record of {@code src/test/resources/slt/*.slt} on the engine under test (see {@link TestRunners}),
 * one dynamic test per record named {@code file:line}. Expected results were produced by DuckDB
 * ({@link SltGenerator}) over the same Parquet files.
 */
class SltSuiteTest {
    private static Path dataDirectory;
    private static SqlEngineUnderTest engine;
    private static long baseline;

    @BeforeAll
    static void setUp() throws IOException {
        dataDirectory = TestRunners.moduleDirectory().resolve("target/slt-data");
        SltData.write(dataDirectory);
        baseline = LeakCheck.settledBaseline();
        engine = TestRunners.engineUnderTest(dataDirectory);
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    @TestFactory
    List<DynamicNode> records() throws IOException {
        Path dir = TestRunners.moduleDirectory().resolve("src/test/resources/slt");
        List<DynamicNode> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path file : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".slt")).sorted()::iterator) {
                String name = file.getFileName().toString();
                List<DynamicNode> tests = new ArrayList<>();
                for (SltRecord r : SltFile.parse(file)) {
                    tests.add(DynamicTest.dynamicTest(name + ":" + r.line(), () -> run(name, r)));
                }
                files.add(DynamicContainer.dynamicContainer(name, tests));
            }
        }
        return files;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void run(String file, SltRecord r) {
        String where = file + ":" + r.line() + "\n" + r.sql();
        if (r.expectError()) {
            try {
                engine.query(r.sql());
            } catch (Exception e) {
                // shown so a reviewer can see the error is the intended one (not, say, an unsupported feature)
                System.out.println(file + ":" + r.line() + ": expected error: " + firstLine(e.getMessage()));
                return;
            }
            fail(where + "\nexpected an error");
        }
        QueryResult result;
        try {
            result = engine.query(r.sql());
        } catch (Exception e) {
            throw new AssertionError(where + "\nfailed: " + e, e);
        }
        if (r.kind() == SltRecord.Kind.STATEMENT) {
            return;
        }
        if (!r.types().isEmpty()) {
            assertEquals(r.types().length(), result.columnNames().size(), where + "\ncolumn count");
        }
        List<String> actual = SltFile.resultLines(Canonical.formatRows(result.rows()), r.sortMode());
        List<String> expected = r.expected();
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = Canonical.sameRow(List.of(expected.get(i).split("\t", -1)), List.of(actual.get(i).split("\t", -1)));
        }
        if (!same) {
            fail(where + "\nexpected:\n" + String.join("\n", expected) + "\nactual:\n" + String.join("\n", actual));
        }
    }
}
