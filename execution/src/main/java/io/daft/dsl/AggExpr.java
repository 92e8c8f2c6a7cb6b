package io.daft.dsl;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/** One aggregation, {@code op(child) AS name}. For {@link AggOp#COUNT_ALL} the child is ignored. */
public record AggExpr(AggOp op, Expr child, String name) implements Serializable {
    public AggExpr {
        requireNonNull(op, "op");
        requireNonNull(child, "child");
        requireNonNull(name, "name");
    }

    public static AggExpr of(AggOp op, Expr child) {
        return new AggExpr(op, child, child.name());
    }

    public static AggExpr countAll(String name) {
        return new AggExpr(AggOp.COUNT_ALL, Literal.of(1L), name);
    }

    public AggExpr alias(String newName) {
        return new AggExpr(op, child, newName);
    }

    public DataType resolveType(Schema input) {
        if (op == AggOp.COUNT_ALL) {
            return DataType.INT64;
        }
        DataType t = child.resolveType(input);
        switch (op) {
            case COUNT:
            case COUNT_DISTINCT:
                return DataType.INT64;
            case SUM:
                if (t.isInteger() || t.id() == TypeId.BOOLEAN) {
                    return DataType.INT64;
                }
                if (t.isFloating()) {
                    return DataType.FLOAT64;
                }
                if (t.id() == TypeId.DECIMAL) {
                    return DataType.decimal(DataType.MAX_DECIMAL_PRECISION, t.scale());
                }
                if (t.id() == TypeId.NULL) {
                    return DataType.INT64;
                }
                throw new DaftException("sum needs numbers, got " + t + " in " + this);
            case MEAN:
            case STDDEV:
            case STDDEV_POP:
            case VARIANCE:
            case VAR_POP:
                if (!t.isNumeric() && t.id() != TypeId.NULL) {
                    throw new DaftException(op.name().toLowerCase() + " needs numbers, got " + t + " in " + this);
                }
                return DataType.FLOAT64;
            case BOOL_AND:
            case BOOL_OR:
                if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
                    throw new DaftException(op.name().toLowerCase() + " needs booleans, got " + t + " in " + this);
                }
                return DataType.BOOLEAN;
            case MIN:
            case MAX:
                if (t.isNested()) {
                    throw new DaftException(op.name().toLowerCase() + " is not defined for " + t + " in " + this);
                }
                return t;
            case ANY_VALUE:
                return t;
            default:
                throw new AssertionError(op);
        }
    }

    public Field toField(Schema input) {
        return new Field(name, resolveType(input), true);
    }

    @Override
    public String toString() {
        return op.name().toLowerCase() + "(" + (op == AggOp.COUNT_ALL ? "*" : child.toString()) + ") AS " + name;
    }
}
