package io.daft.core;

/** The kinds of values a column can hold; {@link DataType} adds the parameters (precision, unit, children). */
public enum TypeId {
    NULL,
    BOOLEAN,
    INT8,
    INT16,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    DECIMAL,
    UTF8,
    BINARY,
    DATE,
    TIMESTAMP,
    LIST,
    STRUCT,
    /** Arrow's map: a list of non-null {@code entries} structs of a non-null {@code key} and a {@code value}. */
    MAP;

    public boolean isInteger() {
        return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public boolean isNumeric() {
        return isInteger() || isFloating() || this == DECIMAL;
    }
}
