package io.daft.dsl;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TypeId;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** NOT, unary minus, IS NULL, IS NOT NULL. */
public record UnaryExpr(UnaryOp op, Expr child) implements Expr {
    public UnaryExpr {
        requireNonNull(op, "op");
        requireNonNull(child, "child");
    }

    @Override
    public DataType resolveType(Schema input) {
        DataType t = child.resolveType(input);
        switch (op) {
            case NOT:
                if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
                    throw new DaftException("NOT expects a boolean, got " + t + " in " + this);
                }
                return DataType.BOOLEAN;
            case NEGATE:
                if (!t.isNumeric()) {
                    throw new DaftException("unary minus expects a number, got " + t + " in " + this);
                }
                return t;
            default:
                return DataType.BOOLEAN;
        }
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
        return new UnaryExpr(op, children.get(0));
    }

    @Override
    public String toString() {
        switch (op) {
            case NOT: return "NOT " + child;
            case NEGATE: return "-" + child;
            case IS_NULL: return child + " IS NULL";
            default: return child + " IS NOT NULL";
        }
    }
}
