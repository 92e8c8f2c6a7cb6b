package io.daft.parquet.bench;

import io.daft.core.CloseableIterator;
import io.daft.io.InputFile;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import io.daft.parquet.ParquetFileMetadata;
import io.daft.parquet.ParquetReadOptions;
import io.daft.parquet.ParquetReader;
import io.daft.recordbatch.RecordBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Read throughput of our Parquet reader against DuckDB on the same DuckDB-written file (not a test; run by hand):
 * {@code java -cp <test classpath> io.daft.parquet.bench.ParquetReadBenchmark [file] [rows]}. Writes the file
 * first if it does not exist. Reports the median of 5 runs after 4 warm-ups, single-threaded on both sides.
 */
public final class ParquetReadBenchmark {
    private ParquetReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/daft-parquet-bench.parquet");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                st.execute("SET threads = 1");
                // DuckDB would otherwise keep the file's bytes in memory between runs; we re-read them each time.
                st.execute("SET enable_external_file_cache = false");
                if (!Files.exists(file)) {
                    st.execute("COPY (SELECT i AS id, random() AS a, random() * 100 AS b, ((i % 1000) / 7.0)::DOUBLE AS c, "
                            + "(i * 0.5)::DOUBLE AS d, (i % 100000)::INT AS k, (i / 100)::DECIMAL(18, 2) AS dec, (i * 0.01)::DECIMAL(30, 2) AS wide, 'name_' || (i % 5000) AS s, "
                            + "DATE '2000-01-01' + (i % 9000)::INT AS dt, md5(i::VARCHAR) AS h "
                            + "FROM range(0, " + rows + ") t(i)) TO '" + file + "' (FORMAT PARQUET)");
                }
            }
            InputFile in = InputFiles.open(file.toString());
            ParquetFileMetadata meta = ParquetReader.readMetadata(in);
            System.out.printf("file %s: %d rows, %d row groups, %.1f MiB, JDK %s (%s)%n", file, meta.numRows(), meta.rowGroups().size(),
                    Files.size(file) / 1048576.0, System.getProperty("java.version"), System.getProperty("java.vm.name"));
            List<String> doubles = List.of("a", "b", "c", "d");
            time("ours   4 doubles", () -> readOurs(in, meta, Optional.of(doubles)));
            time("duckdb 4 doubles", () -> duck(duck, "SELECT sum(a), sum(b), sum(c), sum(d) FROM read_parquet('" + file + "')"));
            time("ours   all columns", () -> readOurs(in, meta, Optional.empty()));
            time("duckdb all columns", () -> duck(duck, "SELECT sum(id), sum(a), sum(b), sum(c), sum(d), sum(k), max(length(s)), max(dt), max(length(h)), sum(dec), sum(wide) FROM read_parquet('" + file + "')"));
            if (Memory.allocatedBytes() != 0) {
                throw new AssertionError("leaked " + Memory.allocatedBytes() + " bytes");
            }
        }
    }

    private interface Run {
        long run() throws Exception;
    }

    private static void time(String what, Run r) throws Exception {
        long[] ms = new long[5];
        long check = 0;
        for (int i = 0; i < 4; i++) {
            check = r.run();
        }
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            check = r.run();
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("%-22s median %5d ms (min %5d, max %5d)  [%d]%n", what, ms[2], ms[0], ms[4], check);
    }

    private static long readOurs(InputFile in, ParquetFileMetadata meta, Optional<List<String>> cols) {
        long rows = 0;
        ParquetReadOptions opts = new ParquetReadOptions(cols, Optional.empty(), Optional.empty(), ParquetReadOptions.DEFAULT_BATCH_SIZE);
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(in, meta, opts)) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    rows += b.rowCount();
                }
            }
        }
        return rows;
    }

    private static long duck(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
