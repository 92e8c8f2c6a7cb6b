/**
 * Vectorized expression evaluation.
 *
 * <p>{@link io.daft.dsl.eval.ExprEvaluator#eval} turns an expression and a batch into one new column. Each node
 * evaluates its children to whole columns and hands them to a kernel: {@link io.daft.dsl.eval.Arithmetic},
 * {@link io.daft.dsl.eval.Comparisons}, {@link io.daft.dsl.eval.Logic}, {@link io.daft.dsl.eval.Casts}, or a
 * registered {@link io.daft.functions.ScalarFunction}. A kernel switches on the physical type once per batch,
 * unpacks its operands from the Arrow buffers into primitive arrays ({@link io.daft.dsl.eval.Columns}), runs a
 * tight loop with no per-row calls, boxing or allocation, and packs the result into a new vector. Null masks are
 * combined as bitmaps, eight rows per step.
 *
 * <p>Semantics follow SQL as DuckDB implements it (and the tests compare against DuckDB): three-valued logic,
 * overflow is an error, integer {@code //} and {@code %} by zero give null, numeric widening by
 * {@link io.daft.dsl.TypeRules}, CASE branches only see the rows they take.
 *
 * <p>{@link io.daft.dsl.eval.ConstantFolder} pre-computes literal-only subtrees with the same evaluator;
 * {@link io.daft.dsl.eval.Literals} converts between literals and columns.
 */
package io.daft.dsl.eval;
