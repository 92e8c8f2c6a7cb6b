package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code child [NOT] IN (values...)} with SQL null semantics (no match and a null in the list gives null). */
public record InList(Expr child, List<Expr> values, boolean negated) implements Expr {
    public InList {
        requireNonNull(child, "child");
        values = List.copyOf(values);
    }

    @Override
    public DataType resolveType(Schema input) {
        DataType t = child.resolveType(input);
        for (Expr v : values) {
            TypeRules.comparable(t, v.resolveType(input), this);
        }
        return DataType.BOOLEAN;
    }

    @Override
    public String name() {
        return child.name();
    }

    @Override
    public List<Expr> children() {
        List<Expr> all = new ArrayList<>();
        all.add(child);
        all.addAll(values);
        return all;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new InList(children.get(0), children.subList(1, children.size()), negated);
    }

    @Override
    public String toString() {
        return child + (negated ? " NOT IN " : " IN ") + values;
    }
}
