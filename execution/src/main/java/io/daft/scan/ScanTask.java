package io.daft.scan;

import io.daft.core.Schema;

import java.io.Serializable;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The unit of scan work, one partition of a scan: some file slices read with the same format, conformed to the
 * table schema (projected by the pushed-down columns), filtered and limited as pushed down.
 */
public record ScanTask(FormatReader reader, List<FileSlice> slices, Schema tableSchema, Pushdowns pushdowns,
                       long sizeBytes, long estimatedMemoryBytes) implements Serializable {
    public ScanTask {
        requireNonNull(reader, "reader");
        slices = List.copyOf(slices);
        requireNonNull(tableSchema, "tableSchema");
        requireNonNull(pushdowns, "pushdowns");
    }

    /** The schema of the batches this task produces. */
    public Schema outputSchema() {
        return pushdowns.columns().map(tableSchema::select).orElse(tableSchema);
    }

    public ScanTask withPushdowns(Pushdowns p) {
        return new ScanTask(reader, slices, tableSchema, p, sizeBytes, estimatedMemoryBytes);
    }
}
