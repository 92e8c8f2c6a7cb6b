package io.daft.parquet.write;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Compressor;
import io.daft.parquet.ParquetWriteOptions.Compression;
import org.apache.parquet.format.CompressionCodec;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import static java.util.Objects.requireNonNull;

/** Compresses page bodies with the codec chosen for the file. Not thread-safe (reuses its output buffer). */
public final class PageCompressor {
    private static final int ZSTD_LEVEL = 3;

    private final Compression compression;
    private final ByteSink out = new ByteSink(1 << 16);
    private Lz4Compressor lz4;

    public PageCompressor(Compression compression) {
        this.compression = requireNonNull(compression, "compression");
    }

    public CompressionCodec codec() {
        switch (compression) {
            case NONE: return CompressionCodec.UNCOMPRESSED;
            case SNAPPY: return CompressionCodec.SNAPPY;
            case ZSTD: return CompressionCodec.ZSTD;
            case GZIP: return CompressionCodec.GZIP;
            case LZ4_RAW: return CompressionCodec.LZ4_RAW;
            default: throw new AssertionError(compression);
        }
    }

    /** The compressed form of {@code page}; for NONE the page itself. The result is valid until the next call. */
    public ByteSink compress(ByteSink page) {
        if (compression == Compression.NONE) {
            return page;
        }
        out.reset();
        int len = page.size();
        try {
            switch (compression) {
                case SNAPPY: {
                    int at = out.skip(Snappy.maxCompressedLength(len));
                    int n = Snappy.compress(page.array(), 0, len, out.array(), at);
                    out.reset();
                    out.skip(n);
                    break;
                }
                case ZSTD: {
                    int bound = (int) Zstd.compressBound(len);
                    out.skip(bound);
                    long n = Zstd.compressByteArray(out.array(), 0, bound, page.array(), 0, len, ZSTD_LEVEL);
                    if (Zstd.isError(n)) {
                        throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
                    }
                    out.reset();
                    out.skip((int) n);
                    break;
                }
                case LZ4_RAW: {
                    if (lz4 == null) {
                        lz4 = new Lz4Compressor();
                    }
                    int bound = lz4.maxCompressedLength(len);
                    out.skip(bound);
                    int n = lz4.compress(page.array(), 0, len, out.array(), 0, bound);
                    out.reset();
                    out.skip(n);
                    break;
                }
                case GZIP: {
                    try (GZIPOutputStream gz = new GZIPOutputStream(out.asOutputStream(), 1 << 16)) {
                        gz.write(page.array(), 0, len);
                    }
                    break;
                }
                default:
                    throw new AssertionError(compression);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
