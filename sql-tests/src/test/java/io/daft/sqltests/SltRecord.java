package io.daft.sqltests;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One sqllogictest record.
 *
 * @param kind statement or query
 * @param expectError for statements: {@code statement error}
 * @param types for queries: one letter per column (I integer, R floating point or decimal, T anything else);
 *        empty in a source file the generator has not filled in yet
 * @param sortMode nosort, rowsort or valuesort
 * @param sql the SQL text
 * @param expected for queries: the expected rows, one line per row, values separated by tabs
 * @param line the 1-based line the record starts on
 * @param leadingComments comment lines before the record, kept when the file is rewritten
 */
public record SltRecord(Kind kind, boolean expectError, String types, SortMode sortMode, String sql,
        List<String> expected, int line, List<String> leadingComments) {
    public enum Kind { STATEMENT, QUERY }

    public enum SortMode {
        NOSORT, ROWSORT, VALUESORT;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SltRecord {
        requireNonNull(kind, "kind");
        requireNonNull(types, "types");
        requireNonNull(sortMode, "sortMode");
        requireNonNull(sql, "sql");
        expected = List.copyOf(expected);
        leadingComments = List.copyOf(leadingComments);
    }

    /** The record's header line, e.g. {@code query ITR rowsort}. */
    public String header() {
        if (kind == Kind.STATEMENT) {
            return expectError ? "statement error" : "statement ok";
        }
        StringBuilder sb = new StringBuilder(expectError ? "query error" : "query");
        if (!expectError) {
            if (!types.isEmpty()) {
                sb.append(' ').append(types);
            }
            sb.append(' ').append(sortMode.text());
        }
        return sb.toString();
    }

    /** The record as text (without a trailing blank line). */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String c : leadingComments) {
            sb.append(c).append('\n');
        }
        sb.append(header()).append('\n').append(sql).append('\n');
        if (kind == Kind.QUERY && !expectError) {
            sb.append("----\n");
            for (String row : expected) {
                sb.append(row).append('\n');
            }
        }
        return sb.toString();
    }

    public SltRecord withResult(String newTypes, List<String> newExpected) {
        return new SltRecord(kind, expectError, newTypes, sortMode, sql, newExpected, line, leadingComments);
    }
}
