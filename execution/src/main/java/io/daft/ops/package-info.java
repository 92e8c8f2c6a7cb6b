/**
 * Vectorised per-partition kernels the runners call: hashing and partitioning ({@code ops.hash}), hash
 * aggregation ({@code ops.agg}), hash joins ({@code ops.join}) and sorting ({@code ops.sort}).
 *
 * <p>All kernels take column indices of already evaluated columns (the planner projects keys and aggregate
 * inputs into plain columns first) and handle every flat type as a key, with nulls: BOOLEAN, INT8..INT64,
 * FLOAT32/64, DECIMAL, UTF8, BINARY, DATE and TIMESTAMP.
 *
 * <p>Design: type dispatch happens once per column per batch ({@link io.daft.ops.ColumnKind}); the loops
 * below it read Arrow buffers directly. Multi-column keys are turned into normalised byte strings
 * ({@link io.daft.ops.hash.KeyEncoder}) whose byte equality is SQL grouping equality and whose unsigned byte
 * order is the requested sort order, so hash tables, sorts, merges and range partitioning compare keys with
 * plain byte/long comparisons: no per-row virtual calls, boxing or allocation. Grouping and join tables need
 * equality only, so the common key shapes skip the encoding ({@link io.daft.ops.hash.GroupIndex}): one
 * fixed-width key is a long ({@link io.daft.ops.hash.KeyLongs}), one string key is hashed and compared in place
 * in the Arrow buffers ({@link io.daft.ops.hash.BytesKeys}), several narrow fixed-width keys are packed into one
 * or two longs. Hash tables are open addressing (aggregation) or chained (join build) over primitive arrays. Shuffle hashing
 * ({@link io.daft.ops.hash.Hashing}) is separate and pinned: XXH64 with fixed seeds over the column values, so
 * every JVM sends a key to the same partition.
 *
 * <p>Ownership: kernels never close batches passed in; every batch they return is new and owned by the caller.
 */
package io.daft.ops;
