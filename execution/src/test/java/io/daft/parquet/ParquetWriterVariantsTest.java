package io.daft.parquet;

import io.daft.core.Field;
import io.daft.io.InputFile;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same data written by DuckDB with every codec it has and both Parquet format versions (V2 brings data pages
 * v2 and the DELTA encodings), read back by us and compared with DuckDB's reading.
 */
class ParquetWriterVariantsTest {
    private static final String DATA = "SELECT i AS id, CASE WHEN i % 11 = 0 THEN NULL ELSE i * 3 END AS n32, "
            + "(i * 7919) % 100003 AS n64, CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 97) * 0.25 END::DOUBLE AS d, "
            + "(i % 13)::FLOAT AS f, CASE WHEN i % 4 = 0 THEN NULL ELSE 'v' || (i % 300) END AS low, "
            + "md5(i::VARCHAR) AS high, (i % 2 = 0) AS b, (i % 1000)::DECIMAL(9, 3) AS dec9, (i * 1.5)::DECIMAL(30, 1) AS dec30, "
            + "DATE '1990-01-01' + (i % 20000)::INT AS dt, TIMESTAMP '2001-02-03 04:05:06' + INTERVAL (i * 1000) MILLISECOND AS ts, "
            + "[i, i + 1] AS lst, {'x': i, 'y': 'y' || (i % 7)} AS st "
            + "FROM range(0, 20000) t(i)";

    @TempDir
    static Path dir;
    private static Connection duck;

    @BeforeAll
    static void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"uncompressed, V1", "snappy, V1", "gzip, V1", "zstd, V1", "brotli, V1", "lz4, V1",
            "uncompressed, V2", "snappy, V2", "gzip, V2", "zstd, V2", "brotli, V2", "lz4, V2"})
    void readsWhatDuckDbWrote(String codec, String version) throws SQLException {
        long before = Memory.allocatedBytes();
        Path f = dir.resolve(codec + "-" + version + ".parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (" + DATA + ") TO '" + f + "' (FORMAT PARQUET, COMPRESSION " + codec + ", PARQUET_VERSION " + version
                    + ", ROW_GROUP_SIZE 5000)");
        }
        InputFile file = InputFiles.open(f.toString());
        List<Field> fields = ParquetReader.readMetadata(file).schema().fields();
        List<List<String>> expected = ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, f.toString(), null), fields);
        assertEquals(expected, ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults()));
        assertEquals(expected, ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults().withBatchSize(999)));
        assertEquals(before, Memory.allocatedBytes(), "Arrow memory leaked");
    }
}
