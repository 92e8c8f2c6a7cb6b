/**
 * A Hadoop-free Parquet reader that decodes straight into our Arrow-backed record batches.
 *
 * <p>Entry point: {@link io.daft.parquet.ParquetReader} ({@code readMetadata}, {@code read}). Footers and page
 * headers are parsed with parquet-format's Thrift classes; each needed column chunk is fetched with one
 * positional read through {@link io.daft.io.InputFile}; pages are decompressed by
 * {@link io.daft.parquet.codec.ParquetDecompressor} (no Hadoop codecs). PLAIN, dictionary (ids gathered from a
 * heap copy of the dictionary), RLE/bit-packed levels, RLE and deprecated BIT_PACKED levels, RLE booleans and
 * data pages v1/v2, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT are all
 * decoded by our own loops over Arrow buffers (parquet-column is not needed). Flat columns stream a batch at a time; nested
 * columns (lists, maps as lists of key/value structs, structs) are assembled from repetition/definition levels
 * per row group and sliced into batches. Page CRCs are verified when present.
 *
 * <p>Limits: encrypted files are refused; INT96 values outside the nanosecond range (years 1677-2262) are an
 * error rather than wrapped; one batch of one binary column must stay under 2 GiB (32-bit Arrow offsets);
 * TIME columns read as their integer ticks (INT32 millis, INT64 micros/nanos).
 */
package io.daft.parquet;
