package io.daft.sqltests.fuzz;

import io.daft.sqltests.DuckDbEngine;
import io.daft.sqltests.QueryResult;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The suite's tables as the generator sees them: columns with their kinds, and each table's unique key if any. */
record FuzzSchema(List<Table> tables) {
    /**
     * Columns that identify a row, so ROWS frames, ROW_NUMBER and LAG/LEAD ordered by them are deterministic.
     * Tables not listed have duplicates and get only peer-insensitive windows.
     */
    private static final Map<String, List<String>> UNIQUE_KEYS = Map.of(
            "alltypes", List.of("id"), "emp", List.of("emp_id"), "skew", List.of("id"), "strs", List.of("id"),
            "events", List.of("id"), "series", List.of("g", "t"), "allnull", List.of("id"), "single_row", List.of("x"),
            "empty_t", List.of("id"));

    FuzzSchema {
        tables = List.copyOf(requireNonNull(tables, "tables"));
    }

    /** This schema without the named tables. */
    FuzzSchema without(java.util.Set<String> names) {
        return new FuzzSchema(tables.stream().filter(t -> !names.contains(t.name())).toList());
    }

    record Column(String name, FuzzType type) {
    }

    record Table(String name, List<Column> columns, Optional<List<String>> uniqueKey, boolean large) {
        List<Column> columnsOf(FuzzType t) {
            return columns.stream().filter(c -> c.type() == t).toList();
        }
    }

    /** The tables DuckDB sees over the data directory (the same files our engine reads). */
    static FuzzSchema load(DuckDbEngine duck) throws SQLException {
        QueryResult r = duck.query("SELECT table_name, column_name, data_type FROM information_schema.columns "
                + "ORDER BY table_name, ordinal_position");
        Map<String, List<Column>> cols = new LinkedHashMap<>();
        for (List<Object> row : r.rows()) {
            List<Column> table = cols.computeIfAbsent((String) row.get(0), k -> new ArrayList<>());
            // a column of a kind the generator has no expressions for is left out of its view
            FuzzType.ofDuckDb((String) row.get(2)).ifPresent(t -> table.add(new Column((String) row.get(1), t)));
        }
        List<Table> tables = new ArrayList<>();
        cols.forEach((name, c) -> tables.add(new Table(name, c, Optional.ofNullable(UNIQUE_KEYS.get(name)),
                name.equals("skew"))));
        return new FuzzSchema(tables);
    }
}
