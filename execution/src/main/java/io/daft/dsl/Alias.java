package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Names the result of an expression. */
public record Alias(Expr child, String alias) implements Expr {
    public Alias {
        requireNonNull(child, "child");
        requireNonNull(alias, "alias");
    }

    @Override
    public DataType resolveType(Schema input) {
        return child.resolveType(input);
    }

    @Override
    public String name() {
        return alias;
    }

    @Override
    public List<Expr> children() {
        return List.of(child);
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new Alias(children.get(0), alias);
    }

    @Override
    public String toString() {
        return child + " AS " + alias;
    }
}
