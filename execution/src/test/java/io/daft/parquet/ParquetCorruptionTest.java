package io.daft.parquet;

import io.daft.core.DaftException;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged files must fail with a {@link DaftException} naming the file, never a raw NullPointerException,
 * IndexOutOfBounds or similar, and must not leak Arrow memory: random byte corruption and truncation of corpus
 * files covering plain, dictionary, v2, nested and compressed pages.
 */
class ParquetCorruptionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"alltypes_plain.parquet", "alltypes_dictionary.parquet", "datapage_v2.snappy.parquet",
            "nested_lists.snappy.parquet", "nullable.impala.parquet", "delta_byte_array.parquet",
            "byte_stream_split.zstd.parquet", "int32_decimal.parquet", "rle_boolean_encoding.parquet",
            "lz4_raw_compressed.parquet", "plain-dict-uncompressed-checksum.parquet"})
    void corruptionGivesDaftException(String name) throws IOException {
        byte[] original = Files.readAllBytes(ParquetTestSupport.corpusDir().resolve(name));
        Random random = new Random(name.hashCode());
        long before = Memory.allocatedBytes();
        Path target = dir.resolve("damaged-" + name);
        int failures = 0;
        for (int trial = 0; trial < 120; trial++) {
            byte[] bytes = original.clone();
            if (trial % 10 == 9) {
                bytes = java.util.Arrays.copyOf(bytes, 8 + random.nextInt(bytes.length - 8));
            } else {
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    // mostly the data region; sometimes the footer
                    int pos = random.nextInt(10) < 8 ? 4 + random.nextInt(Math.max(1, bytes.length - 12)) : random.nextInt(bytes.length);
                    bytes[pos] = (byte) random.nextInt(256);
                }
            }
            Files.write(target, bytes);
            try {
                ParquetTestSupport.readOurs(InputFiles.open(target.toString()), ParquetReadOptions.defaults().withBatchSize(3));
            } catch (DaftException e) {
                failures++;
                assertTrue(e.getMessage().contains(target.getFileName().toString()), e.getMessage());
            } catch (Throwable t) {
                fail("trial " + trial + " of " + name + ": expected a DaftException, got " + t, t);
            }
            assertEquals(before, Memory.allocatedBytes(), "leak after trial " + trial + " of " + name);
        }
        assertTrue(failures > 0, "no corruption of " + name + " was detected at all");
    }
}
