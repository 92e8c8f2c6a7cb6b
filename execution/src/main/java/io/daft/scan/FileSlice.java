package io.daft.scan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A file, or some of its row groups, that one scan task reads. Serializable (nullable fields, not Optionals). */
public final class FileSlice implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long sizeBytes;
    private final Long numRows;
    private final ArrayList<Integer> rowGroups;

    /**
     * @param path the file
     * @param sizeBytes file bytes this slice covers (for planning)
     * @param numRows rows in the slice if known from metadata
     * @param rowGroups the row groups to read; absent means the whole file
     */
    public FileSlice(String path, long sizeBytes, Optional<Long> numRows, Optional<List<Integer>> rowGroups) {
        this.path = requireNonNull(path, "path");
        this.sizeBytes = sizeBytes;
        this.numRows = numRows.orElse(null);
        this.rowGroups = rowGroups.map(ArrayList::new).orElse(null);
    }

    public static FileSlice wholeFile(String path, long sizeBytes, Optional<Long> numRows) {
        return new FileSlice(path, sizeBytes, numRows, Optional.empty());
    }

    public String path() {
        return path;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public Optional<Long> numRows() {
        return Optional.ofNullable(numRows);
    }

    public Optional<List<Integer>> rowGroups() {
        return Optional.ofNullable(rowGroups).map(List::copyOf);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileSlice)) {
            return false;
        }
        FileSlice f = (FileSlice) o;
        return path.equals(f.path) && sizeBytes == f.sizeBytes && Objects.equals(numRows, f.numRows) && Objects.equals(rowGroups, f.rowGroups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, sizeBytes, numRows, rowGroups);
    }

    @Override
    public String toString() {
        return path + (rowGroups == null ? "" : " row groups " + rowGroups);
    }
}
