package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.csv.CsvOptions;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static io.daft.testing.ResultComparison.assertSameRowsAnyOrder;
import static io.daft.testing.ResultComparison.duckRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** readCsv, writeParquet and writeCsv through the DataFrame API, checked by DuckDB reading the same files. */
class ReadWriteTest {
    @TempDir
    Path dir;
    private Connection duck;
    private long baseline;

    @BeforeEach
    void start() throws Exception {
        baseline = LeakCheck.settledBaseline();
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 5 = 0 THEN NULL ELSE 'cat,' || (i % 9) END AS name, "
                    + "i * 1.25 AS x, DATE '2024-02-28' + CAST(i % 3 AS INTEGER) AS d, CAST(i AS DECIMAL(10,2)) / 4 AS amount FROM range(3000) t(i)");
            s.execute("COPY t TO '" + dir.resolve("t.csv") + "' (HEADER)");
        }
    }

    @AfterEach
    void end() throws Exception {
        duck.close();
        Daft.setExecutionConfig(ExecutionConfig.defaults());
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void readCsvLikeDuckDb() {
        DataFrame df = Daft.readCsv(dir + "/t.csv");
        assertSameRowsAnyOrder("csv", duckRows(duck, "SELECT id, name, x, d FROM read_csv('" + dir + "/t.csv') WHERE x > 100"),
                df.where(col("x").gt(lit(100.0))).select("id", "name", "x", "d").rows());
    }

    @Test
    void writeParquetOneFilePerPartition() {
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).build());
        DataFrame src = Daft.readCsv(dir + "/t.csv").repartition(3, col("id"));
        List<List<Object>> written = src.writeParquet(dir.resolve("out").toString()).rows();
        assertEquals(3, written.size());
        long total = 0;
        for (List<Object> w : written) {
            assertTrue(Files.exists(Path.of((String) w.get(0))), "missing " + w.get(0));
            total += (Long) w.get(1);
        }
        assertEquals(3000, total);
        assertSameRowsAnyOrder("parquet written", duckRows(duck, "SELECT id, name, x, d FROM t"),
                duckRows(duck, "SELECT id, name, x, d FROM read_parquet('" + dir + "/out/*.parquet')"));
        assertSameRowsAnyOrder("read back", duckRows(duck, "SELECT id, name, x, d FROM t"),
                Daft.readParquet(dir + "/out").select("id", "name", "x", "d").rows());
    }

    @Test
    void writeCsvReadsBackInDuckDb() {
        Daft.readCsv(dir + "/t.csv").intoPartitions(2).writeCsv(dir.resolve("csvout").toString());
        assertSameRowsAnyOrder("csv written", duckRows(duck, "SELECT id, name, x, d FROM t"),
                duckRows(duck, "SELECT id, name, x, d FROM read_csv('" + dir + "/csvout/*.csv')"));
    }

    @Test
    void csvOptionsAndErrors() throws Exception {
        Files.writeString(dir.resolve("semi.csv"), "a;b\n1;x\nNA;y\n3;NA\n");
        DataFrame df = Daft.readCsv(List.of(dir + "/semi.csv"), CsvOptions.defaults().withDelimiter(';').withNullValues(List.of("NA")));
        assertEquals(List.of(List.of(1L, "x"), java.util.Arrays.asList(null, "y"), java.util.Arrays.asList(3L, null)), df.rows());
        Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3\n");
        DaftException e = assertThrows(DaftException.class, () -> Daft.readCsv(dir + "/bad.csv").rows());
        assertTrue(e.getMessage().contains("bad.csv"), e.getMessage());
    }
}
