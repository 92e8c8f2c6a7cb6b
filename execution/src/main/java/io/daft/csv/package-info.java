/**
 * CSV files: {@link io.daft.csv.CsvReader} infers schemas and streams batches (a byte-level RFC 4180 tokenizer
 * feeding type-specialised column decoders), {@link io.daft.csv.CsvWriter} writes batches back, both configured by
 * {@link io.daft.csv.CsvOptions}.
 */
package io.daft.csv;
