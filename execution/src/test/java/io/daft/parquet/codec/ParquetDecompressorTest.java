package io.daft.parquet.codec;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Compressor;
import org.apache.parquet.format.CompressionCodec;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Round trips through each codec's own compressor, including the framings writers disagree on. */
class ParquetDecompressorTest {
    private static final byte[] DATA = "parquet pages, parquet pages, parquet pages and more parquet pages 0123456789"
            .repeat(200).getBytes(StandardCharsets.UTF_8);

    @Test
    void snappyZstdLz4Raw() throws IOException {
        check(CompressionCodec.SNAPPY, Snappy.compress(DATA));
        check(CompressionCodec.ZSTD, Zstd.compress(DATA));
        check(CompressionCodec.LZ4_RAW, lz4Block(DATA));
        check(CompressionCodec.UNCOMPRESSED, DATA.clone());
    }

    @Test
    void gzipConcatenatedMembersAndZlib() throws IOException {
        byte[] half1 = gzip(Arrays.copyOfRange(DATA, 0, DATA.length / 2));
        byte[] half2 = gzip(Arrays.copyOfRange(DATA, DATA.length / 2, DATA.length));
        byte[] both = new byte[half1.length + half2.length];
        System.arraycopy(half1, 0, both, 0, half1.length);
        System.arraycopy(half2, 0, both, half1.length, half2.length);
        check(CompressionCodec.GZIP, both);
        Deflater d = new Deflater();
        d.setInput(DATA);
        d.finish();
        byte[] buf = new byte[DATA.length + 64];
        int n = d.deflate(buf);
        d.end();
        check(CompressionCodec.GZIP, Arrays.copyOf(buf, n));
    }

    @Test
    void legacyLz4HadoopFramedAndBare() throws IOException {
        byte[] block = lz4Block(DATA);
        ByteBuffer framed = ByteBuffer.allocate(8 + block.length);
        framed.putInt(DATA.length).putInt(block.length).put(block);
        check(CompressionCodec.LZ4, framed.array());
        check(CompressionCodec.LZ4, block);
    }

    @Test
    void wrongSizeOrGarbageFails() {
        assertThrows(IOException.class, () -> ParquetDecompressor.decompress(CompressionCodec.SNAPPY, Snappy.compress(DATA), 0,
                Snappy.compress(DATA).length, DATA.length + 1));
        byte[] garbage = new byte[100];
        Arrays.fill(garbage, (byte) 0x55);
        assertThrows(IOException.class, () -> ParquetDecompressor.decompress(CompressionCodec.ZSTD, garbage, 0, 100, 1000));
        assertThrows(IOException.class, () -> ParquetDecompressor.decompress(CompressionCodec.LZO, garbage, 0, 100, 1000));
    }

    private static void check(CompressionCodec codec, byte[] compressed) throws IOException {
        byte[] padded = new byte[compressed.length + 10];
        System.arraycopy(compressed, 0, padded, 5, compressed.length);
        assertArrayEquals(DATA, ParquetDecompressor.decompress(codec, padded, 5, compressed.length, DATA.length), codec.toString());
    }

    private static byte[] lz4Block(byte[] data) {
        Lz4Compressor c = new Lz4Compressor();
        byte[] out = new byte[c.maxCompressedLength(data.length)];
        int n = c.compress(data, 0, data.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }
}
