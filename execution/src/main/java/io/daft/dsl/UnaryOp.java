package io.daft.dsl;

/** Unary operators. */
public enum UnaryOp {
    NOT, NEGATE, IS_NULL, IS_NOT_NULL
}
