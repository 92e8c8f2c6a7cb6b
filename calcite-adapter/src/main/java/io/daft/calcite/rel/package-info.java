/**
 * Relational operators in the {@code DAFT} convention; each translates itself into an
 * {@link io.daft.logical.LogicalPlan} ({@link io.daft.calcite.rel.DaftRel#toDaft}), with row expressions
 * translated by {@link io.daft.calcite.rel.RexToDaft}.
 */
package io.daft.calcite.rel;
