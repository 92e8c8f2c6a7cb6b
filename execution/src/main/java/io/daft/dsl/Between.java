package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code child [NOT] BETWEEN low AND high}, both ends inclusive. */
public record Between(Expr child, Expr low, Expr high, boolean negated) implements Expr {
    public Between {
        requireNonNull(child, "child");
        requireNonNull(low, "low");
        requireNonNull(high, "high");
    }

    @Override
    public DataType resolveType(Schema input) {
        DataType t = child.resolveType(input);
        TypeRules.comparable(t, low.resolveType(input), this);
        TypeRules.comparable(t, high.resolveType(input), this);
        return DataType.BOOLEAN;
    }

    @Override
    public String name() {
        return child.name();
    }

    @Override
    public List<Expr> children() {
        return List.of(child, low, high);
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new Between(children.get(0), children.get(1), children.get(2), negated);
    }

    @Override
    public String toString() {
        return child + (negated ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + high;
    }
}
