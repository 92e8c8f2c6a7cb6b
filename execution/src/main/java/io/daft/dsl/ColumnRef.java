package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A reference to an input column by name. */
public record ColumnRef(String column) implements Expr {
    public ColumnRef {
        requireNonNull(column, "column");
    }

    @Override
    public DataType resolveType(Schema input) {
        return input.field(column).dataType();
    }

    @Override
    public String name() {
        return column;
    }

    @Override
    public List<Expr> children() {
        return List.of();
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return this;
    }

    @Override
    public String toString() {
        return "col(" + column + ")";
    }
}
