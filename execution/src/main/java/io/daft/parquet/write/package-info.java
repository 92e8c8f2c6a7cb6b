/**
 * Internals of {@link io.daft.parquet.ParquetWriter}: per-type column chunk writers (page buffering, dictionary or
 * PLAIN encoding, statistics), the RLE/bit-packing encoder, page compression, the schema mapping and the Dremel
 * shredder for nested columns. Self-contained: nothing here depends on the Parquet reader.
 */
package io.daft.parquet.write;
