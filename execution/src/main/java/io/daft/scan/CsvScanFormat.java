package io.daft.scan;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.csv.CsvOptions;
import io.daft.csv.CsvReader;
import io.daft.io.InputFiles;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/** CSV in scans: schemas are inferred per file (or given), files are read whole, one slice each. */
public final class CsvScanFormat implements FormatReader {
    private static final long serialVersionUID = 1L;

    // CsvOptions holds Optionals, which do not serialize: keep its parts.
    private final boolean hasHeader;
    private final char delimiter;
    private final char quote;
    private final char escape;
    private final ArrayList<String> nullValues;
    private final int inferSchemaRows;
    private final Schema schema;
    private final Character comment;
    /** Schemas inferred so far, by path; serialized with the plan so a shipped fragment does not infer again. */
    private Map<String, Schema> inferred;

    public CsvScanFormat(CsvOptions options) {
        requireNonNull(options, "options");
        this.hasHeader = options.hasHeader();
        this.delimiter = options.delimiter();
        this.quote = options.quote();
        this.escape = options.escape();
        this.nullValues = new ArrayList<>(options.nullValues());
        this.inferSchemaRows = options.inferSchemaRows();
        this.schema = options.schema().orElse(null);
        this.comment = options.comment().orElse(null);
    }

    public CsvOptions options() {
        return new CsvOptions(hasHeader, delimiter, quote, escape, nullValues, inferSchemaRows,
                Optional.ofNullable(schema), Optional.ofNullable(comment));
    }

    @Override
    public FileFormat format() {
        return FileFormat.CSV;
    }

    @Override
    public Schema fileSchema(String path) {
        if (schema != null) {
            return schema;
        }
        synchronized (this) {
            if (inferred == null) {
                inferred = new ConcurrentHashMap<>();
            }
        }
        return inferred.computeIfAbsent(path, p -> CsvReader.inferSchema(InputFiles.open(p), options()));
    }

    @Override
    public List<FileSlice> split(String path, long maxSliceBytes) {
        return List.of(FileSlice.wholeFile(path, fileSizeOrZero(path), Optional.empty()));
    }

    private static long fileSizeOrZero(String path) {
        try {
            return InputFiles.open(path).length();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public CloseableIterator<RecordBatch> read(FileSlice slice, Pushdowns pushdowns, int batchSize) {
        Schema fileSchema = fileSchema(slice.path());
        Optional<List<String>> columns = pushdowns.columns().map(wanted -> {
            List<String> present = new ArrayList<>();
            for (String c : wanted) {
                if (fileSchema.contains(c)) {
                    present.add(c);
                }
            }
            if (present.isEmpty() && fileSchema.size() > 0) {
                present.add(fileSchema.field(0).name());
            }
            return present;
        });
        return CsvReader.read(InputFiles.open(slice.path()), fileSchema, options(), columns, batchSize);
    }

    @Override
    public double inflationFactor(ExecutionConfig config) {
        return config.csvInflationFactor();
    }
}
