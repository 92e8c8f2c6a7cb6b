package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code left op right}. */
public record BinaryExpr(BinaryOp op, Expr left, Expr right) implements Expr {
    public BinaryExpr {
        requireNonNull(op, "op");
        requireNonNull(left, "left");
        requireNonNull(right, "right");
    }

    @Override
    public DataType resolveType(Schema input) {
        return TypeRules.binary(op, left.resolveType(input), right.resolveType(input), this);
    }

    @Override
    public String name() {
        return left.name();
    }

    @Override
    public List<Expr> children() {
        return List.of(left, right);
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new BinaryExpr(op, children.get(0), children.get(1));
    }

    @Override
    public String toString() {
        return "(" + left + " " + op.symbol() + " " + right + ")";
    }
}
