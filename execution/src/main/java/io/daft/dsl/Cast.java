package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code CAST(child AS type)}; a value that does not convert is an error naming it. */
public record Cast(Expr child, DataType type) implements Expr {
    public Cast {
        requireNonNull(child, "child");
        requireNonNull(type, "type");
    }

    @Override
    public DataType resolveType(Schema input) {
        TypeRules.checkCast(child.resolveType(input), type, this);
        return type;
    }

    @Override
    public String name() {
        return child.name();
    }

    @Override
    public List<Expr> children() {
        return List.of(child);
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new Cast(children.get(0), type);
    }

    @Override
    public String toString() {
        return "cast(" + child + " AS " + type + ")";
    }
}
