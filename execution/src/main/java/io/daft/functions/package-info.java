/**
 * Scalar functions, looked up by name in {@link io.daft.functions.FunctionRegistry} (built-ins register
 * themselves when the registry is first used): {@code coalesce}; math ({@code abs sign ceil floor round sqrt ln
 * log log2 log10 exp power mod} and trigonometry); strings ({@code upper lower length char_length octet_length
 * trim ltrim rtrim concat starts_with ends_with contains replace strpos position left right substring substr
 * lpad rpad reverse}); pattern matching ({@code like ilike}); dates and times ({@code extract date_part date_add
 * date_trunc year quarter month week day dayofweek dayofyear hour minute second}).
 *
 * <p>Literal arguments reach a function as one-row constants ({@link
 * io.daft.functions.ScalarFunction#evalConstants}), so a LIKE pattern compiles once per batch and a date part
 * parses once.
 */
package io.daft.functions;
