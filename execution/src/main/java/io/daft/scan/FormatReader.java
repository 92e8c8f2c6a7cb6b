package io.daft.scan;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * One file format's part in a scan: schema discovery, splitting files into slices, and reading a slice.
 * Serializable (it carries its format options) so scan tasks can run in another JVM.
 */
public interface FormatReader extends Serializable {
    FileFormat format();

    /** The schema of one file, in our types. */
    Schema fileSchema(String path);

    /**
     * Cuts a file into slices no larger than {@code maxSliceBytes} where the format allows (Parquet: by row
     * groups); formats that cannot split return the whole file.
     */
    List<FileSlice> split(String path, long maxSliceBytes);

    /**
     * Reads a slice. Batches hold the file's columns named in {@code columns} (all file columns when absent),
     * in the file's types; the scan conforms them to the table schema. The filter in {@code pushdowns} may only
     * be used to skip data that cannot match.
     */
    CloseableIterator<RecordBatch> read(FileSlice slice, Pushdowns pushdowns, int batchSize);

    /** In-memory bytes per file byte, for planning. */
    double inflationFactor(ExecutionConfig config);

    /** What the file's metadata says of its rows and value ranges, for planning; empty for formats without metadata. */
    default Optional<TableStatistics> statistics(String path) {
        return Optional.empty();
    }
}
