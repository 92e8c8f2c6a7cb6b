package io.daft.sqltests.fuzz;

import java.util.Locale;
import java.util.Optional;

/** The value kinds the generator types its expressions with (integer widths and REAL/DOUBLE are merged). */
enum FuzzType {
    INT("INTEGER"), DOUBLE("DOUBLE"), DECIMAL("DECIMAL(12, 2)"), STRING("VARCHAR"), BOOL("BOOLEAN"), DATE("DATE"),
    TIMESTAMP("TIMESTAMP");

    private final String sqlName;

    FuzzType(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The SQL type a {@code CAST(NULL AS ...)} of this kind uses. */
    String sqlName() {
        return sqlName;
    }

    boolean orderable() {
        return this != BOOL;
    }

    boolean numeric() {
        return this == INT || this == DOUBLE || this == DECIMAL;
    }

    /** The kind of a DuckDB column type name ({@code information_schema.columns.data_type}). */
    static Optional<FuzzType> ofDuckDb(String typeName) {
        String t = typeName.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return Optional.of(DECIMAL);
        }
        switch (t) {
            case "BIGINT": case "INTEGER": case "SMALLINT": case "TINYINT": return Optional.of(INT);
            case "DOUBLE": case "FLOAT": case "REAL": return Optional.of(DOUBLE);
            case "VARCHAR": return Optional.of(STRING);
            case "BOOLEAN": return Optional.of(BOOL);
            case "DATE": return Optional.of(DATE);
            case "TIMESTAMP": return Optional.of(TIMESTAMP);
            default: return Optional.empty();   // nested, TIMESTAMP_NS, TIMESTAMPTZ...: not generated yet
        }
    }
}
