package io.daft.bench;

import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.csv.CsvOptions;
import io.daft.csv.CsvReader;
import io.daft.io.InputFiles;
import io.daft.parquet.ParquetWriteOptions;
import io.daft.parquet.ParquetWriter;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import io.daft.testing.FormatTestDuckDb;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.daft.testing.FormatTestDuckDb.literal;

/**
 * Rough throughput of CSV reading and Parquet writing against DuckDB: a benchmark main, not a test
 * ({@code java ... io.daft.bench.FormatsBench}).
 */
public final class FormatsBench {
    private final Path dir;

    private FormatsBench(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("daft-formats-bench");
        FormatsBench bench = new FormatsBench(dir);
        bench.csvRead();
        bench.parquetWrite();
    }

    void csvRead() throws Exception {
        Path csv = dir.resolve("bench.csv");
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            duck.execute("COPY (SELECT i AS id, i * 0.37 AS x, 'name_' || (i % 1000) AS s, DATE '2000-01-01' + (i % 9000)::INT AS d, "
                    + "TIMESTAMP '2020-01-01' + to_microseconds(i * 1001) AS ts FROM range(3000000) r(i)) TO " + literal(csv) + " (HEADER)");
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                duck.query("SELECT count(*), sum(id), sum(x), max(s), max(d), max(ts) FROM read_csv(" + literal(csv) + ")");
                System.out.printf("duckdb read_csv: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
        }
        System.out.printf("file size %d MB%n", Files.size(csv) >> 20);
        Schema schema = CsvReader.inferSchema(InputFiles.open(csv.toString()), CsvOptions.defaults());
        for (int k = 0; k < 4; k++) {
            long t0 = System.nanoTime();
            long rows = 0;
            try (CloseableIterator<RecordBatch> it = CsvReader.read(InputFiles.open(csv.toString()), schema, CsvOptions.defaults(), Optional.empty(), 64 * 1024)) {
                while (it.hasNext()) {
                    try (RecordBatch b = it.next()) {
                        rows += b.rowCount();
                    }
                }
            }
            System.out.printf("our csv read: %d rows in %d ms%n", rows, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    void parquetWrite() throws Exception {
        int n = 1_000_000;
        Schema schema = Schema.of(Field.of("id", DataType.INT64), Field.of("x", DataType.FLOAT64), Field.of("s", DataType.UTF8),
                Field.of("u", DataType.UTF8));
        BigIntVector id = (BigIntVector) Vectors.allocate(schema.field(0), n);
        Float8Vector x = (Float8Vector) Vectors.allocate(schema.field(1), n);
        VarCharVector s = (VarCharVector) Vectors.allocate(schema.field(2), n);
        VarCharVector u = (VarCharVector) Vectors.allocate(schema.field(3), n);
        for (int i = 0; i < n; i++) {
            id.set(i, i);
            x.set(i, i * 0.37);
            s.setSafe(i, ("name_" + (i % 1000)).getBytes(StandardCharsets.UTF_8));
            u.setSafe(i, ("unique-value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        try (RecordBatch b = RecordBatch.of(schema, List.<FieldVector>of(id, x, s, u), n)) {
            for (ParquetWriteOptions.Compression codec : ParquetWriteOptions.Compression.values()) {
                for (int k = 0; k < 3; k++) {
                    Path p = dir.resolve("w.parquet");
                    long t0 = System.nanoTime();
                    try (ParquetWriter w = ParquetWriter.create(p, schema, ParquetWriteOptions.defaults().withCodec(codec))) {
                        for (int r = 0; r < 5; r++) {
                            w.write(b);
                        }
                    }
                    System.out.printf("parquet write %s: %d rows, %d MB raw -> %d MB in %d ms%n", codec, 5L * n,
                            5 * b.sizeBytes() >> 20, Files.size(p) >> 20, (System.nanoTime() - t0) / 1_000_000);
                }
            }
            try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
                Path p = dir.resolve("w.parquet");
                long t0 = System.nanoTime();
                duck.execute("COPY (SELECT * FROM read_parquet(" + literal(p) + ")) TO " + literal(dir.resolve("duck.parquet")) + " (FORMAT PARQUET)");
                System.out.printf("duckdb parquet copy (read+write, gzip source): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }
}
