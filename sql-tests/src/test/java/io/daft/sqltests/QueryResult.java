package io.daft.sqltests;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A query's answer as plain Java values (see {@link Canonical} for how they are compared). */
public record QueryResult(List<String> columnNames, List<List<Object>> rows) {
    public QueryResult {
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames"));
        requireNonNull(rows, "rows");
    }
}
