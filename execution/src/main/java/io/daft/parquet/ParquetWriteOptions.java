package io.daft.parquet;

import io.daft.core.DaftException;

import static java.util.Objects.requireNonNull;

/**
 * How {@link ParquetWriter} lays out a file.
 *
 * @param codec page compression
 * @param rowGroupSizeBytes a row group is closed once its values, PLAIN encoded and uncompressed, reach this size
 * @param pageSizeBytes a data page is closed once its values reach this size; also the dictionary size limit
 * @param dictionary dictionary-encode BYTE_ARRAY and integer columns while the dictionary stays small
 */
public record ParquetWriteOptions(Compression codec, long rowGroupSizeBytes, int pageSizeBytes, boolean dictionary) {
    public static final long DEFAULT_ROW_GROUP_SIZE_BYTES = 128L << 20;
    public static final int DEFAULT_PAGE_SIZE_BYTES = 1 << 20;

    /** Page compression codecs the writer supports. */
    public enum Compression {
        NONE, SNAPPY, ZSTD, GZIP, LZ4_RAW
    }

    public ParquetWriteOptions {
        requireNonNull(codec, "codec");
        if (rowGroupSizeBytes <= 0) {
            throw new DaftException("parquet row group size must be positive, got " + rowGroupSizeBytes);
        }
        if (pageSizeBytes <= 0) {
            throw new DaftException("parquet page size must be positive, got " + pageSizeBytes);
        }
    }

    /** Snappy, 128 MiB row groups, 1 MiB pages, dictionary encoding on. */
    public static ParquetWriteOptions defaults() {
        return new ParquetWriteOptions(Compression.SNAPPY, DEFAULT_ROW_GROUP_SIZE_BYTES, DEFAULT_PAGE_SIZE_BYTES, true);
    }

    public ParquetWriteOptions withCodec(Compression newCodec) {
        return new ParquetWriteOptions(newCodec, rowGroupSizeBytes, pageSizeBytes, dictionary);
    }

    public ParquetWriteOptions withRowGroupSizeBytes(long bytes) {
        return new ParquetWriteOptions(codec, bytes, pageSizeBytes, dictionary);
    }

    public ParquetWriteOptions withPageSizeBytes(int bytes) {
        return new ParquetWriteOptions(codec, rowGroupSizeBytes, bytes, dictionary);
    }

    public ParquetWriteOptions withDictionary(boolean enabled) {
        return new ParquetWriteOptions(codec, rowGroupSizeBytes, pageSizeBytes, enabled);
    }
}
