package io.daft.scan;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.io.InputFile;
import io.daft.io.InputFiles;
import io.daft.parquet.ColumnStats;
import io.daft.parquet.ParquetFileMetadata;
import io.daft.parquet.ParquetReadOptions;
import io.daft.parquet.ParquetReader;
import io.daft.parquet.RowGroupInfo;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parquet in scans: footers give schemas, row groups split large files, statistics prune row groups. */
public final class ParquetScanFormat implements FormatReader {
    private static final long serialVersionUID = 1L;

    @Override
    public FileFormat format() {
        return FileFormat.PARQUET;
    }

    @Override
    public Schema fileSchema(String path) {
        return FooterCache.metadata(path).schema();
    }

    @Override
    public List<FileSlice> split(String path, long maxSliceBytes) {
        ParquetFileMetadata meta = FooterCache.metadata(path);
        List<FileSlice> slices = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        long bytes = 0;
        long rows = 0;
        for (int i = 0; i < meta.rowGroups().size(); i++) {
            RowGroupInfo rg = meta.rowGroups().get(i);
            if (!groups.isEmpty() && bytes + rg.compressedBytes() > maxSliceBytes) {
                slices.add(new FileSlice(path, bytes, Optional.of(rows), Optional.of(groups)));
                groups = new ArrayList<>();
                bytes = 0;
                rows = 0;
            }
            groups.add(i);
            bytes += rg.compressedBytes();
            rows += rg.numRows();
        }
        if (!groups.isEmpty() || slices.isEmpty()) {
            slices.add(new FileSlice(path, bytes, Optional.of(rows), Optional.of(groups)));
        }
        return slices;
    }

    @Override
    public CloseableIterator<RecordBatch> read(FileSlice slice, Pushdowns pushdowns, int batchSize) {
        InputFile file = InputFiles.open(slice.path());
        ParquetFileMetadata meta = FooterCache.metadata(slice.path());
        Optional<List<String>> columns = pushdowns.columns().map(wanted -> {
            List<String> present = new ArrayList<>();
            for (String c : wanted) {
                if (meta.schema().contains(c)) {
                    present.add(c);
                }
            }
            // Columns this file lacks are filled with nulls by the scan; one column still carries the row count.
            if (present.isEmpty() && meta.schema().size() > 0) {
                present.add(meta.schema().field(0).name());
            }
            return present;
        });
        ParquetReadOptions options = new ParquetReadOptions(columns, slice.rowGroups(), pushdowns.filter(), batchSize);
        return ParquetReader.read(file, meta, options);
    }

    @Override
    public double inflationFactor(ExecutionConfig config) {
        return config.parquetInflationFactor();
    }

    /** Row count from the footer; ranges of integer-valued columns whose every row group has min and max. */
    @Override
    public Optional<TableStatistics> statistics(String path) {
        ParquetFileMetadata meta = FooterCache.metadata(path);
        Map<String, TableStatistics.LongRange> ranges = new HashMap<>();
        for (int c = 0; c < meta.schema().size(); c++) {
            String name = meta.schema().field(c).name();
            rangeOf(meta, c).ifPresent(r -> ranges.put(name, r));
        }
        return Optional.of(new TableStatistics(meta.numRows(), ranges));
    }

    private static Optional<TableStatistics.LongRange> rangeOf(ParquetFileMetadata meta, int column) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (RowGroupInfo rg : meta.rowGroups()) {
            if (rg.numRows() == 0) {
                continue;
            }
            Optional<ColumnStats> s = rg.stats(column);
            if (s.isEmpty() || !(s.get().min().orElse(null) instanceof Long lo) || !(s.get().max().orElse(null) instanceof Long hi)) {
                return Optional.empty();
            }
            min = Math.min(min, lo);
            max = Math.max(max, hi);
        }
        return min <= max ? Optional.of(new TableStatistics.LongRange(min, max)) : Optional.empty();
    }
}
