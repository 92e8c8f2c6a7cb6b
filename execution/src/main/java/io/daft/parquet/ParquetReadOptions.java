package io.daft.parquet;

import io.daft.core.DaftException;
import io.daft.dsl.Expr;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What to read: {@code columns} (absent: all, in file order; given: in this order), {@code rowGroups} (absent:
 * all), a {@code filter} used only to skip row groups whose statistics prove no row can pass (the caller must
 * still apply it), and the largest number of rows per batch.
 */
public record ParquetReadOptions(Optional<List<String>> columns, Optional<List<Integer>> rowGroups,
                                 Optional<Expr> filter, int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 131_072;

    public ParquetReadOptions {
        requireNonNull(columns, "columns");
        requireNonNull(rowGroups, "rowGroups");
        requireNonNull(filter, "filter");
        columns = columns.map(List::copyOf);
        rowGroups = rowGroups.map(List::copyOf);
        if (batchSize < 1) {
            throw new DaftException("Parquet batch size must be positive, got " + batchSize);
        }
    }

    public static ParquetReadOptions defaults() {
        return new ParquetReadOptions(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_BATCH_SIZE);
    }

    public ParquetReadOptions withColumns(List<String> cols) {
        return new ParquetReadOptions(Optional.of(cols), rowGroups, filter, batchSize);
    }

    public ParquetReadOptions withRowGroups(List<Integer> groups) {
        return new ParquetReadOptions(columns, Optional.of(groups), filter, batchSize);
    }

    public ParquetReadOptions withFilter(Expr f) {
        return new ParquetReadOptions(columns, rowGroups, Optional.of(f), batchSize);
    }

    public ParquetReadOptions withBatchSize(int n) {
        return new ParquetReadOptions(columns, rowGroups, filter, n);
    }
}
