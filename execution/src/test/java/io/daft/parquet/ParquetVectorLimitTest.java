package io.daft.parquet;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.io.InputFile;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-vector byte limit for nested columns (Arrow's 32-bit offsets), exercised on the corpus's nested files
 * with tiny limits: batches are cut at top-level rows so that no leaf's values for a batch exceed the limit,
 * the values are the same as without cutting, and a row larger than the limit is a DaftException naming the
 * file, column and row group. (large_string_map.brotli.parquet exercises the real 2 GiB limit in
 * {@link ParquetCorpusTest}.)
 */
class ParquetVectorLimitTest {
    @TempDir
    Path dir;

    private record Read(List<List<String>> rows, int batches) {
    }

    /** Largest data buffer among the variable-width vectors in {@code v} (children included). */
    private static long largestData(ValueVector v) {
        long max = 0;
        if (v instanceof BaseVariableWidthVector) {
            BaseVariableWidthVector b = (BaseVariableWidthVector) v;
            int n = b.getValueCount();
            max = n == 0 ? 0 : b.getOffsetBuffer().getInt((long) n << 2) - b.getOffsetBuffer().getInt(0);
        }
        if (v instanceof ListVector) {
            max = Math.max(max, largestData(((ListVector) v).getDataVector()));
        }
        if (v instanceof StructVector) {
            for (int c = 0; c < ((StructVector) v).size(); c++) {
                max = Math.max(max, largestData(((StructVector) v).getChildByOrdinal(c)));
            }
        }
        return max;
    }

    private static Read read(InputFile file, ParquetFileMetadata meta, long maxVectorBytes) {
        List<Integer> columns = IntStream.range(0, meta.schema().size()).boxed().collect(Collectors.toList());
        List<Integer> groups = IntStream.range(0, meta.rowGroups().size()).boxed().collect(Collectors.toList());
        List<List<String>> rows = new ArrayList<>();
        int batches = 0;
        try (CloseableIterator<RecordBatch> it = new ParquetBatchIterator(file, meta, columns, groups,
                ParquetReadOptions.DEFAULT_BATCH_SIZE, maxVectorBytes)) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    batches++;
                    assertTrue(b.rowCount() > 0, "empty batch");
                    for (int c = 0; c < b.numColumns(); c++) {
                        if (b.schema().field(c).dataType().id() == TypeId.LIST || b.schema().field(c).dataType().id() == TypeId.STRUCT) {
                            assertTrue(largestData(b.column(c)) <= maxVectorBytes, "a vector of column " + c + " exceeds the limit");
                        }
                    }
                    for (int r = 0; r < b.rowCount(); r++) {
                        List<String> row = new ArrayList<>();
                        for (int c = 0; c < b.numColumns(); c++) {
                            row.add(ParquetTestSupport.norm(b.column(c), r, b.schema().field(c).dataType()));
                        }
                        rows.add(row);
                    }
                }
            }
        }
        return new Read(rows, batches);
    }

    private static boolean nested(ParquetFileMetadata meta) {
        for (Field f : meta.schema().fields()) {
            if (f.dataType().id() == TypeId.LIST || f.dataType().id() == TypeId.STRUCT) {
                return true;
            }
        }
        return false;
    }

    @Test
    void cutsNestedColumnsAtRowsUnderTheLimit() throws IOException {
        long before = Memory.allocatedBytes();
        List<Path> files;
        try (Stream<Path> s = Files.list(ParquetTestSupport.corpusDir())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().equals("large_string_map.brotli.parquet"))
                    .sorted().collect(Collectors.toList());
        }
        int cut = 0;
        int refused = 0;
        for (Path path : files) {
            String name = path.getFileName().toString();
            InputFile file = InputFiles.open(path.toString());
            ParquetFileMetadata meta;
            Read whole;
            try {
                meta = ParquetReader.readMetadata(file);
                if (!nested(meta)) {
                    continue;
                }
                whole = read(file, meta, ParquetBatchIterator.MAX_VECTOR_BYTES);
            } catch (DaftException e) {
                continue;   // files we refuse anyway (ParquetCorpusTest checks those)
            }
            for (long limit : new long[] {8, 32, 128, 512, 2048, 8192, 65536}) {
                try {
                    Read limited = read(file, meta, limit);
                    assertEquals(whole.rows(), limited.rows(), name + " with a " + limit + "-byte vector limit");
                    if (limited.batches() > whole.batches()) {
                        cut++;
                    }
                } catch (DaftException e) {
                    assertTrue(e.getMessage().contains(name) && e.getMessage().contains("row group")
                            && e.getMessage().contains("more than one Arrow vector can hold"), e.getMessage());
                    refused++;
                }
            }
            assertEquals(before, Memory.allocatedBytes(), "Arrow memory leaked reading " + name);
        }
        assertTrue(cut >= 3, "only " + cut + " nested reads were cut into more batches");
        assertTrue(refused >= 1, "no row was larger than 8 bytes?");
        assertEquals(before, Memory.allocatedBytes());
    }

    /**
     * A DuckDB-written file with many rows of lists, maps and structs of strings (nulls, empty lists, dictionary
     * and plain strings, several row groups): reading it with small limits cuts it into many batches whose nested
     * string vectors stay under the limit, with DuckDB's values; a limit below one row's strings is refused.
     */
    @Test
    void cutsGeneratedNestedStringsAndMatchesDuckDb() throws SQLException {
        long before = Memory.allocatedBytes();
        Path path = dir.resolve("nested_strings.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = duck.createStatement()) {
                st.execute("COPY (SELECT i AS id, "
                        + "CASE WHEN i % 7 = 0 THEN NULL ELSE [CASE WHEN j % 4 = 3 THEN NULL ELSE repeat('x', j * 3) || i::VARCHAR END "
                        + "for j in range(i % 6)] END AS l, "
                        + "CASE WHEN i % 11 = 0 THEN NULL ELSE MAP {'k' || (i % 10)::VARCHAR: repeat('v', 1 + i % 40)} END AS m, "
                        + "{'a': i, 's': CASE WHEN i % 5 = 0 THEN NULL ELSE 'dict' || (i % 3)::VARCHAR END, "
                        + "'ls': [repeat('q', 1 + i % 17) for j in range(i % 3)]} AS st "
                        + "FROM range(5000) t(i)) TO '" + path + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
            }
            InputFile file = InputFiles.open(path.toString());
            ParquetFileMetadata meta = ParquetReader.readMetadata(file);
            assertTrue(meta.rowGroups().size() >= 2, "want several row groups");
            List<List<String>> expected = ParquetTestSupport.readDuck(duck,
                    ParquetTestSupport.duckSelect(meta.schema().fields(), path.toString(), null), meta.schema().fields());
            Read whole = read(file, meta, ParquetBatchIterator.MAX_VECTOR_BYTES);
            assertSameRows(expected, whole.rows(), "without a limit");
            for (long limit : new long[] {120, 1000, 20_000}) {
                Read limited = read(file, meta, limit);
                assertSameRows(expected, limited.rows(), "with a " + limit + "-byte vector limit");
                assertTrue(limited.batches() > whole.batches(), limited.batches() + " batches with a " + limit + "-byte limit");
            }
            DaftException e = org.junit.jupiter.api.Assertions.assertThrows(DaftException.class, () -> read(file, meta, 30));
            assertTrue(e.getMessage().contains(path.toString()) && e.getMessage().contains("row group")
                    && e.getMessage().contains("more than one Arrow vector can hold"), e.getMessage());
        }
        assertEquals(before, Memory.allocatedBytes());
    }

    private static void assertSameRows(List<List<String>> expected, List<List<String>> actual, String what) {
        assertEquals(expected.size(), actual.size(), "row count " + what);
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r), actual.get(r), "row " + r + " " + what);
        }
    }
}
