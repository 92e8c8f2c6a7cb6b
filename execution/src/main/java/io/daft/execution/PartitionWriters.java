package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.csv.CsvOptions;
import io.daft.csv.CsvWriter;
import io.daft.parquet.ParquetWriteOptions;
import io.daft.parquet.ParquetWriter;
import io.daft.physical.SinkPlan;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import io.daft.recordbatch.Vectors;
import io.daft.logical.Sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes one partition of a {@link SinkPlan} to its file and reports what it wrote. */
final class PartitionWriters {
    private PartitionWriters() {
    }

    /** Consumes {@code batches} into the partition's file; returns one row: (path, rows). */
    static RecordBatch write(SinkPlan sink, int partition, Schema schema, CloseableIterator<RecordBatch> batches) {
        String file = sink.fileFor(partition);
        Path path = Path.of(file);
        long rows = 0;
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new DaftException("cannot create directory '" + path.getParent() + "': " + e.getMessage(), e);
        }
        switch (sink.format()) {
            case PARQUET:
                try (ParquetWriter w = ParquetWriter.create(path, schema, ParquetWriteOptions.defaults())) {
                    while (batches.hasNext()) {
                        try (RecordBatch b = batches.next()) {
                            w.write(b);
                            rows += b.rowCount();
                        }
                    }
                }
                break;
            case CSV:
                try (CsvWriter w = CsvWriter.create(path, schema, CsvOptions.defaults())) {
                    while (batches.hasNext()) {
                        try (RecordBatch b = batches.next()) {
                            w.write(b);
                            rows += b.rowCount();
                        }
                    }
                }
                break;
            default:
                throw new AssertionError(sink.format());
        }
        return resultRow(file, rows);
    }

    private static RecordBatch resultRow(String file, long rows) {
        VarCharVector p = (VarCharVector) Vectors.allocate(Sink.OUTPUT_SCHEMA.field(0), 1);
        p.setSafe(0, file.getBytes(StandardCharsets.UTF_8));
        BigIntVector r = (BigIntVector) Vectors.allocate(Sink.OUTPUT_SCHEMA.field(1), 1);
        r.set(0, rows);
        List<FieldVector> cols = List.of(p, r);
        return RecordBatch.of(Sink.OUTPUT_SCHEMA, cols, 1);
    }
}
