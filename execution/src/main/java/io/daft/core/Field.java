package io.daft.core;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/** A named, typed column. */
public record Field(String name, DataType dataType, boolean nullable) implements Serializable {
    public Field {
        requireNonNull(name, "name");
        requireNonNull(dataType, "dataType");
    }

    public static Field of(String name, DataType dataType) {
        return new Field(name, dataType, true);
    }

    public Field withName(String newName) {
        return new Field(newName, dataType, nullable);
    }

    @Override
    public String toString() {
        return name + ": " + dataType + (nullable ? "" : " not null");
    }
}
