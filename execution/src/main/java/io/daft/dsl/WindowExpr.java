package io.daft.dsl;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.ops.window.WindowFrame;
import io.daft.ops.window.WindowOp;

import java.io.Serializable;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One window function call, {@code op(arg) OVER (... frame) AS name}; the partitioning and ordering belong to
 * the enclosing {@link io.daft.logical.Window}. Fields are nullable rather than Optional so the node serializes.
 */
public final class WindowExpr implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WindowOp op;
    private final Expr arg;
    private final long offset;
    private final Expr defaultValue;
    private final WindowFrame frame;
    private final String name;

    public WindowExpr(WindowOp op, Optional<Expr> arg, long offset, Optional<Expr> defaultValue, WindowFrame frame, String name) {
        this.op = requireNonNull(op, "op");
        this.arg = arg.orElse(null);
        this.offset = offset;
        this.defaultValue = defaultValue.orElse(null);
        this.frame = requireNonNull(frame, "frame");
        this.name = requireNonNull(name, "name");
        boolean needsArg = op != WindowOp.ROW_NUMBER && op != WindowOp.RANK && op != WindowOp.DENSE_RANK
                && op != WindowOp.PERCENT_RANK && op != WindowOp.CUME_DIST && op != WindowOp.NTILE && op != WindowOp.COUNT_ALL;
        if (needsArg && this.arg == null) {
            throw new DaftException(op.name().toLowerCase() + " needs an argument");
        }
    }

    public WindowOp op() {
        return op;
    }

    public Optional<Expr> arg() {
        return Optional.ofNullable(arg);
    }

    public long offset() {
        return offset;
    }

    public Optional<Expr> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public WindowFrame frame() {
        return frame;
    }

    public String name() {
        return name;
    }

    public DataType resolveType(Schema input) {
        switch (op) {
            case ROW_NUMBER: case RANK: case DENSE_RANK: case NTILE: case COUNT: case COUNT_ALL:
                return DataType.INT64;
            case PERCENT_RANK: case CUME_DIST:
                return DataType.FLOAT64;
            case MEAN: {
                DataType t = arg.resolveType(input);
                if (!t.isNumeric() && t.id() != TypeId.NULL) {
                    throw new DaftException("avg needs numbers, got " + t + " in " + this);
                }
                return DataType.FLOAT64;
            }
            case SUM:
                return AggExpr.of(AggOp.SUM, arg).resolveType(input);
            default:
                return arg.resolveType(input);
        }
    }

    @Override
    public String toString() {
        return op.name().toLowerCase() + "(" + (arg == null ? "" : arg) + (op == WindowOp.LAG || op == WindowOp.LEAD ? ", " + offset : "")
                + ") " + frame + " AS " + name;
    }
}
