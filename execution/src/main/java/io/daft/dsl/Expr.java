package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.eval.ExprEvaluator;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.io.Serializable;
import java.util.List;

/**
 * A scalar expression over the columns of a batch, as Daft's {@code Expr}. Immutable and serializable.
 * Evaluation is vectorized: {@link #eval} turns a whole batch into one new column.
 */
public interface Expr extends Serializable {
    /** The type this expression yields over rows of {@code input}; a {@link io.daft.core.DaftException} naming the column or operator if it cannot. */
    DataType resolveType(Schema input);

    /** The output column name: the column for a column reference, the alias for an alias, else the first input's name. */
    String name();

    List<Expr> children();

    Expr withChildren(List<Expr> children);

    default Field toField(Schema input) {
        return new Field(name(), resolveType(input), true);
    }

    /** Evaluates over every row of {@code batch}; the caller owns (closes) the result. */
    default FieldVector eval(RecordBatch batch) {
        return ExprEvaluator.eval(this, batch);
    }

    // ---- fluent builders, as Daft's Python expressions -------------------------------------------------

    default Expr alias(String name) {
        return new Alias(this, name);
    }

    default Expr plus(Expr other) {
        return new BinaryExpr(BinaryOp.PLUS, this, other);
    }

    default Expr minus(Expr other) {
        return new BinaryExpr(BinaryOp.MINUS, this, other);
    }

    default Expr multiply(Expr other) {
        return new BinaryExpr(BinaryOp.MULTIPLY, this, other);
    }

    default Expr divide(Expr other) {
        return new BinaryExpr(BinaryOp.DIVIDE, this, other);
    }

    default Expr eq(Expr other) {
        return new BinaryExpr(BinaryOp.EQ, this, other);
    }

    default Expr neq(Expr other) {
        return new BinaryExpr(BinaryOp.NEQ, this, other);
    }

    default Expr lt(Expr other) {
        return new BinaryExpr(BinaryOp.LT, this, other);
    }

    default Expr lte(Expr other) {
        return new BinaryExpr(BinaryOp.LTE, this, other);
    }

    default Expr gt(Expr other) {
        return new BinaryExpr(BinaryOp.GT, this, other);
    }

    default Expr gte(Expr other) {
        return new BinaryExpr(BinaryOp.GTE, this, other);
    }

    default Expr and(Expr other) {
        return new BinaryExpr(BinaryOp.AND, this, other);
    }

    default Expr or(Expr other) {
        return new BinaryExpr(BinaryOp.OR, this, other);
    }

    default Expr not() {
        return new UnaryExpr(UnaryOp.NOT, this);
    }

    default Expr isNull() {
        return new UnaryExpr(UnaryOp.IS_NULL, this);
    }

    default Expr notNull() {
        return new UnaryExpr(UnaryOp.IS_NOT_NULL, this);
    }

    default Expr cast(DataType type) {
        return new Cast(this, type);
    }

    default Expr isIn(List<Expr> values) {
        return new InList(this, values, false);
    }

    default Expr between(Expr low, Expr high) {
        return new Between(this, low, high, false);
    }
}
