package io.daft.parquet;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.io.InputFile;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads every Parquet file of the shared parquet-testing corpus. Readable files must give exactly DuckDB's
 * values (normalised as {@link ParquetTestSupport} describes), with the default batch size and with tiny batches
 * that split pages; encrypted, corrupt-checksum and unrepresentable files must fail with a {@link DaftException}
 * naming the file. Every test checks that all Arrow memory is released.
 */
class ParquetCorpusTest {
    /** Files we must refuse, with the reason. */
    private static final Set<String> MUST_FAIL = Set.of(
            "datapage_v1-corrupt-checksum.parquet",           // a page CRC does not match
            "rle-dict-uncompressed-corrupt-checksum.parquet"); // a page CRC does not match

    /**
     * Files DuckDB cannot decode (legacy LZ4 codec) whose README says they hold the same data as a file it can:
     * compare with DuckDB's reading of that file.
     */
    private static final java.util.Map<String, String> SAME_DATA_AS = java.util.Map.of(
            "hadoop_lz4_compressed.parquet", "lz4_raw_compressed.parquet",
            "non_hadoop_lz4_compressed.parquet", "lz4_raw_compressed.parquet",
            "hadoop_lz4_compressed_larger.parquet", "lz4_raw_compressed_larger.parquet");

    /** Files DuckDB cannot read (it rejects a MAP whose key_value group has no value): compare to known contents. */
    private static final Set<String> DUCKDB_CANNOT_READ = Set.of("map_no_value.parquet");

    private static final String LARGE_STRING_MAP = "large_string_map.brotli.parquet";

    private static Connection duck;

    @BeforeAll
    static void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(ParquetTestSupport.corpusDir())) {
            List<Path> files = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet") || p.getFileName().toString().endsWith(".parquet.encrypted"))
                    .sorted()
                    .collect(Collectors.toList());
            assertTrue(files.size() >= 70, "corpus has only " + files.size() + " files");
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void readsLikeDuckDb(Path path) throws SQLException {
        // settled: memory that earlier tests' unreachable partitions still hold is collected first
        long before = io.daft.testing.LeakCheck.settledBaseline();
        String name = path.getFileName().toString();
        InputFile file = InputFiles.open(path.toString());
        try {
            if (name.equals(LARGE_STRING_MAP)) {
                checkLargeStringMap(file, path);
                return;
            }
            if (name.endsWith(".encrypted") || MUST_FAIL.contains(name)) {
                DaftException e = assertThrows(DaftException.class, () -> ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults()));
                assertTrue(e.getMessage().contains(name), e.getMessage());
                return;
            }
            ParquetFileMetadata meta = ParquetReader.readMetadata(file);
            List<Field> fields = meta.schema().fields();
            List<List<String>> ours = ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults());
            assertEquals(meta.numRows(), ours.size(), "row count");
            List<List<String>> small = ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults().withBatchSize(7));
            assertEquals(ours, small, "reading in batches of 7 rows changes the values");
            if (DUCKDB_CANNOT_READ.contains(name)) {
                checkMapNoValue(meta, ours);
                return;
            }
            if (name.equals("byte_stream_split_extended.gzip.parquet")) {
                checkByteStreamSplitExtended(meta, ours, path);
                return;
            }
            Path duckPath = SAME_DATA_AS.containsKey(name) ? path.resolveSibling(SAME_DATA_AS.get(name)) : path;
            List<List<String>> expected = ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, duckPath.toString(), null), fields);
            assertEquals(expected.size(), ours.size(), "row count vs DuckDB");
            for (int r = 0; r < ours.size(); r++) {
                for (int c = 0; c < fields.size(); c++) {
                    assertEquals(expected.get(r).get(c), ours.get(r).get(c),
                            "row " + r + ", column '" + fields.get(c).name() + "' (" + fields.get(c).dataType() + ")");
                }
            }
        } finally {
            io.daft.testing.LeakCheck.assertReturnsTo(before, "Arrow memory leaked reading " + name);
        }
    }

    /**
     * large_string_map.brotli.parquet: 2 rows, one row group, {@code arr MAP<string, int32>} whose keys are 1 GiB
     * each (2 GiB in the row group, more than one Arrow vector's 32-bit offsets allow), so the reader must cut
     * the row group into batches of one row. Special-cased because the generic comparison would build 1 GiB Java
     * strings per value on both sides (beyond the test heap, and slow through JDBC): instead compare, per row, the
     * map's size, its keys' byte lengths and MD5s, and its values against DuckDB, hashing our keys straight from
     * the Arrow buffers.
     */
    private static void checkLargeStringMap(InputFile file, Path path) throws SQLException {
        long base = Memory.allocatedBytes();
        List<String> expected = new java.util.ArrayList<>();
        try (java.sql.Statement st = duck.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT cardinality(arr), [strlen(k) for k in map_keys(arr)]::VARCHAR, "
                     + "[md5(k) for k in map_keys(arr)]::VARCHAR, map_values(arr)::VARCHAR FROM read_parquet('"
                     + path.toString().replace("'", "''") + "')")) {
            while (rs.next()) {
                expected.add(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3) + " | " + rs.getString(4));
            }
        }
        assertEquals(2, expected.size(), "DuckDB row count");
        ParquetFileMetadata meta = ParquetReader.readMetadata(file);
        List<String> ours = new java.util.ArrayList<>();
        int batches = 0;
        try (io.daft.core.CloseableIterator<io.daft.recordbatch.RecordBatch> it = ParquetReader.read(file, meta, ParquetReadOptions.defaults())) {
            while (it.hasNext()) {
                try (io.daft.recordbatch.RecordBatch b = it.next()) {
                    batches++;
                    org.apache.arrow.vector.complex.ListVector map = (org.apache.arrow.vector.complex.ListVector) b.column(0);
                    org.apache.arrow.vector.complex.StructVector entries = (org.apache.arrow.vector.complex.StructVector) map.getDataVector();
                    org.apache.arrow.vector.VarCharVector keys = (org.apache.arrow.vector.VarCharVector) entries.getChildByOrdinal(0);
                    org.apache.arrow.vector.FieldVector values = (org.apache.arrow.vector.FieldVector) entries.getChildByOrdinal(1);
                    assertTrue(keys.getDataBuffer().capacity() <= Integer.MAX_VALUE, "key vector holds more than 2 GiB");
                    // memory stays sane: each 1 GiB key is decoded once and shared into its batch, not copied
                    long held = Memory.allocatedBytes() - base;
                    assertTrue(held < (5L << 29), "Arrow memory held " + held + " bytes while reading 2 GiB of keys");
                    for (int r = 0; r < b.rowCount(); r++) {
                        if (map.isNull(r)) {
                            ours.add("null | null | null | null");
                            continue;
                        }
                        int start = map.getOffsetBuffer().getInt((long) r * 4);
                        int end = map.getOffsetBuffer().getInt((long) (r + 1) * 4);
                        List<String> lengths = new java.util.ArrayList<>();
                        List<String> md5s = new java.util.ArrayList<>();
                        List<String> vals = new java.util.ArrayList<>();
                        for (int e = start; e < end; e++) {
                            long ks = keys.getStartOffset(e);
                            long ke = keys.getEndOffset(e);
                            lengths.add(String.valueOf(ke - ks));
                            md5s.add(md5(keys.getDataBuffer(), ks, ke));
                            vals.add(values.isNull(e) ? "NULL" : String.valueOf(values.getObject(e)));
                        }
                        ours.add((end - start) + " | " + lengths.toString() + " | " + md5s.toString() + " | " + vals.toString());
                    }
                }
            }
        }
        assertEquals(expected, ours);
        assertEquals(2, batches, "2 GiB of keys must be cut into two batches of one row");
    }

    private static String md5(org.apache.arrow.memory.ArrowBuf buf, long start, long end) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] chunk = new byte[1 << 20];
        for (long p = start; p < end; p += chunk.length) {
            int n = (int) Math.min(chunk.length, end - p);
            buf.getBytes(p, chunk, 0, n);
            md.update(chunk, 0, n);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /**
     * byte_stream_split_extended.gzip.parquet holds pairs of columns {@code <name>_plain} and
     * {@code <name>_byte_stream_split} with the same values. DuckDB only decodes BYTE_STREAM_SPLIT for floats,
     * so: every pair must be equal in our reading, and the plain columns must equal DuckDB's.
     */
    private static void checkByteStreamSplitExtended(ParquetFileMetadata meta, List<List<String>> ours, Path path) throws SQLException {
        List<String> names = meta.schema().names();
        List<Field> plain = new java.util.ArrayList<>();
        List<Integer> plainIdx = new java.util.ArrayList<>();
        int pairs = 0;
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).endsWith("_plain")) {
                String base = names.get(c).substring(0, names.get(c).length() - "_plain".length());
                int bss = names.indexOf(base + "_byte_stream_split");
                assertTrue(bss >= 0, "no byte_stream_split twin for " + names.get(c));
                for (int r = 0; r < ours.size(); r++) {
                    assertEquals(ours.get(r).get(c), ours.get(r).get(bss), "row " + r + " of " + base);
                }
                pairs++;
                plain.add(meta.schema().field(c));
                plainIdx.add(c);
            }
        }
        assertEquals(names.size(), pairs * 2);
        List<List<String>> expected = ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(plain, path.toString(), null), plain);
        assertEquals(expected.size(), ours.size());
        for (int r = 0; r < ours.size(); r++) {
            for (int k = 0; k < plain.size(); k++) {
                assertEquals(expected.get(r).get(k), ours.get(r).get(plainIdx.get(k)), "row " + r + ", column " + plain.get(k).name());
            }
        }
    }

    /**
     * map_no_value.parquet (parquet-testing README): three rows; my_map and my_map_no_v hold the same keys (the
     * latter without a value field) and my_list holds the keys as a list.
     */
    private static void checkMapNoValue(ParquetFileMetadata meta, List<List<String>> rows) {
        assertEquals(List.of("my_map", "my_map_no_v", "my_list"), meta.schema().names());
        assertEquals(3, rows.size());
        for (List<String> row : rows) {
            String keysOfMap = row.get(0).replaceAll("=[^,}]*", "");
            String keysOfNoValue = row.get(1).replaceAll("=NULL", "");
            assertEquals(keysOfMap, keysOfNoValue);
            assertEquals(keysOfMap.replace('{', '[').replace('}', ']'), row.get(2));
        }
    }
}
