package io.daft.engine;

import io.daft.cli.SampleData;
import io.daft.testing.ResultComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A filter + aggregate streams through a dataset four times larger than the JVM heap: a child JVM with a
 * 96 MiB heap scans ~12M rows (~420 MB as Arrow columns) and must give DuckDB's answer, with Arrow's peak
 * off-heap use also far below the data size.
 */
class OutOfCoreTest {
    private static final long HEAP = 96L << 20;
    private static final int FILES = 6;
    private static final long ROWS_PER_FILE = 2_000_000;
    /** id 8 + revenue 8 + ts 4 + category ~10 bytes + 4 offset bytes + validity: at least 34 bytes a row. */
    private static final long IN_MEMORY_BYTES = FILES * ROWS_PER_FILE * 34;

    @TempDir
    Path dir;

    @Test
    void filterAggregateStreamsThroughFourTimesTheHeap() throws Exception {
        assertTrue(IN_MEMORY_BYTES >= 4 * HEAP);
        SampleData.write(dir, FILES, ROWS_PER_FILE);
        String glob = dir + "/*.parquet";

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (HEAP >> 20) + "m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                OutOfCoreMain.class.getName(), glob);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<List<Object>> rows = new ArrayList<>();
        long peak = -1;
        long maxHeap = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                String[] f = line.split("\t");
                if (f[0].equals("ROW")) {
                    rows.add(List.of(f[1], Double.parseDouble(f[2]), Long.parseLong(f[3])));
                } else if (f[0].equals("PEAK_ARROW_BYTES")) {
                    peak = Long.parseLong(f[1]);
                } else if (f[0].equals("MAX_HEAP_BYTES")) {
                    maxHeap = Long.parseLong(f[1]);
                }
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, p.exitValue(), output.toString());
        assertTrue(maxHeap <= HEAP, "heap was " + maxHeap);
        assertTrue(peak > 0 && peak < IN_MEMORY_BYTES / 4, "peak Arrow memory " + peak + " vs data " + IN_MEMORY_BYTES);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            List<List<Object>> expected = ResultComparison.duckRows(duck, "SELECT category, sum(revenue), count(*) FROM read_parquet('"
                    + glob + "') WHERE revenue > 50 GROUP BY category ORDER BY category NULLS LAST");
            List<List<Object>> ours = new ArrayList<>();
            for (List<Object> r : rows) {
                ours.add(r.get(0).equals("null") ? java.util.Arrays.asList(null, r.get(1), r.get(2)) : r);
            }
            ResultComparison.assertSameRows("out of core", expected, ours);
        }
    }
}
