package io.daft.parquet.write;

import java.util.List;

/**
 * Where a leaf column sits in the Parquet schema: its path from the root and its maximum definition and
 * repetition levels (a flat optional column: path [name], 1, 0).
 */
public record ColumnSpec(List<String> path, int maxDefinitionLevel, int maxRepetitionLevel) {
    public ColumnSpec {
        path = List.copyOf(path);
    }

    public static ColumnSpec flat(String name, boolean optional) {
        return new ColumnSpec(List.of(name), optional ? 1 : 0, 0);
    }
}
