package io.daft.calcite;

import io.daft.core.DataType;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The complete result of a SQL query: column names and Daft types, and rows of plain Java values. */
public final class SqlResult implements AutoCloseable {
    private final List<String> columnNames;
    private final List<DataType> columnTypes;
    private final List<List<Object>> rows;

    SqlResult(List<String> columnNames, List<DataType> columnTypes, List<List<Object>> rows) {
        this.columnNames = List.copyOf(requireNonNull(columnNames, "columnNames"));
        this.columnTypes = List.copyOf(requireNonNull(columnTypes, "columnTypes"));
        this.rows = java.util.Collections.unmodifiableList(rows);
    }

    public List<String> columnNames() {
        return columnNames;
    }

    public List<DataType> columnTypes() {
        return columnTypes;
    }

    /**
     * The rows; values as {@link io.daft.recordbatch.Values} gives them (Long, Integer, Double, BigDecimal,
     * String, LocalDate, LocalDateTime, Boolean, byte[]...; List for ARRAY, Map for MAP by key and for ROW by
     * field name, both in order), null for SQL NULL.
     */
    public List<List<Object>> rows() {
        return rows;
    }

    public int rowCount() {
        return rows.size();
    }

    @Override
    public void close() {
        // rows are plain Java values; nothing to release
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.join(" | ", columnNames)).append('\n');
        for (List<Object> r : rows) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }
}
