/**
 * SQL through Apache Calcite onto Daft's operators.
 *
 * <ul>
 *   <li>{@link io.daft.calcite.DaftSqlEngine}: the embeddable API ({@code create(dir)}, {@code query},
 *       {@code explain}, {@code tableNames}).</li>
 *   <li>{@link io.daft.calcite.DaftSchemaFactory} / {@link io.daft.calcite.DaftSchema}: tables from a data
 *       directory (each Parquet/CSV file or directory of them), configured tables, and the
 *       {@code read_parquet}/{@code read_csv} table functions limited to the data roots
 *       ({@link io.daft.calcite.DataRoots}).</li>
 *   <li>{@link io.daft.calcite.DaftRules}: converter rules from Calcite's logical operators to the
 *       {@code DAFT} convention ({@link io.daft.calcite.rel}); Calcite's Enumerable/Bindable implementations are
 *       removed, so a query runs entirely on Daft or fails with "not supported: ...".</li>
 *   <li>{@link io.daft.calcite.rel.DaftToEnumerableConverter}: the single bridge at the root; its generated code
 *       runs the stashed Daft plan through {@link io.daft.calcite.DaftExecutor}, batch by batch.</li>
 *   <li>{@link io.daft.calcite.DaftPrepare}: Calcite preparation with the rules always installed and heuristic
 *       join ordering; {@link io.daft.calcite.DaftTypeSystem}: decimal(38), SUM/AVG result types as Daft and
 *       DuckDB compute them.</li>
 * </ul>
 */
package io.daft.calcite;
