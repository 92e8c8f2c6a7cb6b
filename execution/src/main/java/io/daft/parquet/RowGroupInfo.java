package io.daft.parquet;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A row group: its row count, sizes (compressed: total of its column chunks as stored; uncompressed: as decoded
 * pages) and statistics per top-level column, indexed like the file schema (empty for nested columns and where
 * the file has no trustworthy statistics).
 */
public record RowGroupInfo(long numRows, long compressedBytes, long uncompressedBytes, List<Optional<ColumnStats>> columnStats) {
    public RowGroupInfo {
        columnStats = List.copyOf(requireNonNull(columnStats, "columnStats"));
    }

    /** Statistics of the top-level column at {@code index} of the file schema. */
    public Optional<ColumnStats> stats(int index) {
        return columnStats.get(index);
    }
}
