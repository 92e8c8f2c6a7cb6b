package io.daft.scan;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A file, or some of its row groups, that one scan task reads.
 *
 * @param path the file
 * @param sizeBytes file bytes this slice covers (for planning)
 * @param numRows rows in the slice if known from metadata
 * @param rowGroups the row groups to read; absent means the whole file
 */
public record FileSlice(String path, long sizeBytes, Optional<Long> numRows, Optional<List<Integer>> rowGroups)
        implements Serializable {
    public FileSlice {
        requireNonNull(path, "path");
        requireNonNull(numRows, "numRows");
        rowGroups = rowGroups.map(List::copyOf);
    }

    public static FileSlice wholeFile(String path, long sizeBytes, Optional<Long> numRows) {
        return new FileSlice(path, sizeBytes, numRows, Optional.empty());
    }
}
