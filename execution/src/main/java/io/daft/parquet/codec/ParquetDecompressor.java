package io.daft.parquet.codec;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Decompressor;
import org.apache.parquet.format.CompressionCodec;
import org.brotli.dec.BrotliInputStream;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decompresses Parquet pages without Hadoop: each codec calls its library directly. Stateless and thread-safe.
 * Shared by the reader and the writer side ({@code io.daft.parquet.codec}).
 */
public final class ParquetDecompressor {
    private ParquetDecompressor() {
    }

    /**
     * Decompresses {@code src[off, off+len)} into a new array of exactly {@code uncompressedSize} bytes.
     *
     * @throws IOException if the data is corrupt or does not decompress to the expected size
     */
    public static byte[] decompress(CompressionCodec codec, byte[] src, int off, int len, int uncompressedSize) throws IOException {
        if (uncompressedSize < 0) {
            throw new IOException("negative uncompressed page size " + uncompressedSize);
        }
        byte[] out = new byte[uncompressedSize];
        decompress(codec, src, off, len, out, uncompressedSize);
        return out;
    }

    /**
     * Decompresses {@code src[off, off+len)} into {@code out[0, uncompressedSize)} ({@code out} may be longer, so
     * callers can reuse one buffer across pages).
     *
     * @throws IOException if the data is corrupt or does not decompress to exactly {@code uncompressedSize} bytes
     */
    public static void decompress(CompressionCodec codec, byte[] src, int off, int len, byte[] out, int uncompressedSize) throws IOException {
        if (uncompressedSize < 0 || uncompressedSize > out.length) {
            throw new IOException("invalid uncompressed page size " + uncompressedSize);
        }
        try {
            decompressUnchecked(codec, src, off, len, out, uncompressedSize);
        } catch (RuntimeException e) {
            // codec libraries signal corrupt input with their own unchecked exceptions
            throw new IOException(codec + " data is corrupt: " + e.getMessage(), e);
        }
    }

    private static void decompressUnchecked(CompressionCodec codec, byte[] src, int off, int len, byte[] out, int uncompressedSize) throws IOException {
        if (uncompressedSize == 0) {
            return;
        }
        int n;
        switch (codec) {
            case UNCOMPRESSED:
                if (len != uncompressedSize) {
                    throw new IOException("uncompressed page holds " + len + " bytes but its header says " + uncompressedSize);
                }
                System.arraycopy(src, off, out, 0, len);
                return;
            case SNAPPY:
                if (Snappy.uncompressedLength(src, off, len) != uncompressedSize) {
                    throw new IOException("snappy page does not decompress to the " + uncompressedSize + " bytes its header says");
                }
                n = Snappy.uncompress(src, off, len, out, 0);
                break;
            case GZIP:
                if (len >= 2 && (src[off] & 0xff) == 0x1f && (src[off + 1] & 0xff) == 0x8b) {
                    // GZIPInputStream reads concatenated members, as some writers produce them.
                    n = readFully(new GZIPInputStream(new ByteArrayInputStream(src, off, len), 64 * 1024), out, uncompressedSize);
                } else {
                    // Some writers put a zlib stream under the GZIP codec; parquet-cpp accepts both.
                    n = readFully(new InflaterInputStream(new ByteArrayInputStream(src, off, len)), out, uncompressedSize);
                }
                break;
            case ZSTD: {
                long r = Zstd.decompressByteArray(out, 0, uncompressedSize, src, off, len);
                if (Zstd.isError(r)) {
                    throw new IOException("zstd: " + Zstd.getErrorName(r));
                }
                n = (int) r;
                break;
            }
            case LZ4_RAW:
                n = new Lz4Decompressor().decompress(src, off, len, out, 0, uncompressedSize);
                break;
            case LZ4:
                n = decompressLegacyLz4(src, off, len, out, uncompressedSize);
                break;
            case BROTLI:
                n = readFully(new BrotliInputStream(new ByteArrayInputStream(src, off, len)), out, uncompressedSize);
                break;
            default:
                throw new IOException("compression codec " + codec + " is not supported");
        }
        if (n != uncompressedSize) {
            throw new IOException(codec + " page decompressed to " + n + " bytes but its header says " + uncompressedSize);
        }
    }

    private static int readFully(InputStream in, byte[] out, int size) throws IOException {
        try (InputStream s = in) {
            int n = s.readNBytes(out, 0, size);
            if (n == size && s.read() != -1) {
                throw new IOException("page decompresses to more bytes than its header says");
            }
            return n;
        }
    }

    /**
     * The deprecated LZ4 codec: parquet-mr wrote Hadoop's framing (blocks of [uncompressed length BE32][compressed
     * length BE32][lz4 block]) while other writers wrote a bare LZ4 block. As parquet-cpp does, try the Hadoop
     * framing first and fall back to a bare block.
     */
    private static int decompressLegacyLz4(byte[] src, int off, int len, byte[] out, int size) throws IOException {
        try {
            int n = decompressHadoopLz4(src, off, len, out, size);
            if (n == size) {
                return n;
            }
        } catch (RuntimeException | IOException e) {
            // not Hadoop-framed; fall through
        }
        try {
            return new Lz4Decompressor().decompress(src, off, len, out, 0, size);
        } catch (RuntimeException e) {
            throw new IOException("LZ4 page is neither Hadoop-framed nor a bare LZ4 block: " + e.getMessage(), e);
        }
    }

    private static int decompressHadoopLz4(byte[] src, int off, int len, byte[] out, int size) throws IOException {
        Lz4Decompressor lz4 = new Lz4Decompressor();
        int pos = off;
        int end = off + len;
        int outPos = 0;
        while (pos < end) {
            if (end - pos < 8) {
                throw new IOException("truncated Hadoop LZ4 frame");
            }
            int blockUncompressed = readIntBE(src, pos);
            pos += 4;
            int blockOut = 0;
            while (blockOut < blockUncompressed) {
                if (end - pos < 4) {
                    throw new IOException("truncated Hadoop LZ4 frame");
                }
                int compressed = readIntBE(src, pos);
                pos += 4;
                if (compressed <= 0 || compressed > end - pos || blockUncompressed - blockOut > size - outPos) {
                    throw new IOException("bad Hadoop LZ4 frame");
                }
                int n = lz4.decompress(src, pos, compressed, out, outPos, size - outPos);
                pos += compressed;
                outPos += n;
                blockOut += n;
            }
            if (blockOut != blockUncompressed) {
                throw new IOException("bad Hadoop LZ4 frame");
            }
        }
        return outPos;
    }

    private static int readIntBE(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
