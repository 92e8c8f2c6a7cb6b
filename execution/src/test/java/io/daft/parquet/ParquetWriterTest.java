package io.daft.parquet;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.memory.Memory;
import io.daft.parquet.ParquetWriteOptions.Compression;
import io.daft.recordbatch.RecordBatch;
import io.daft.testing.FormatTestBatches;
import io.daft.testing.FormatTestDuckDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;

import static io.daft.testing.FormatTestDuckDb.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetWriterTest {
    @TempDir
    Path dir;

    private long allocatedBefore;

    @BeforeEach
    void recordMemory() {
        allocatedBefore = Memory.allocatedBytes();
    }

    @AfterEach
    void checkNoLeaks() {
        assertEquals(allocatedBefore, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    /** A test column: its field, how to make row i (null = NULL), and how DuckDB should render it for comparison. */
    private record Col(Field field, IntFunction<Object> gen, String sql) {
        static Col of(String name, DataType type, IntFunction<Object> gen) {
            String q = '"' + name + '"';
            String sql;
            switch (type.id()) {
                case TIMESTAMP: sql = "epoch_ns(" + q + ")"; break;
                case DATE: sql = "date_diff('day', DATE '1970-01-01', " + q + ")"; break;
                case BINARY: sql = "hex(" + q + ")"; break;
                default: sql = q;
            }
            return new Col(Field.of(name, type), gen, sql);
        }
    }

    private static List<Col> allTypes(long seed) {
        List<Col> cols = new ArrayList<>();
        cols.add(new Col(new Field("id", DataType.INT64, false), i -> (long) i, "id"));
        cols.add(Col.of("b", DataType.BOOLEAN, i -> i % 3 == 0 ? null : i % 2 == 0));
        cols.add(Col.of("i8", DataType.INT8, i -> i % 11 == 0 ? null : (byte) (i * 7)));
        cols.add(Col.of("i16", DataType.INT16, i -> i % 10 == 1 ? null : (short) (i * 31)));
        cols.add(Col.of("i32", DataType.INT32, i -> i % 9 == 2 ? null
                : i == 5 ? Integer.MIN_VALUE : i == 6 ? Integer.MAX_VALUE : new Random(seed + i).nextInt()));
        cols.add(Col.of("i64", DataType.INT64, i -> i % 13 == 0 ? null : (long) (i % 5) - 2));
        cols.add(Col.of("f32", DataType.FLOAT32, i -> i % 8 == 3 ? null : i == 17 ? Float.NaN : i == 19 ? -0.0f
                : new Random(seed * 3 + i).nextFloat() * 1000 - 500));
        cols.add(Col.of("f64", DataType.FLOAT64, i -> i % 7 == 4 ? null : new Random(seed * 5 + i).nextGaussian() * 1e6));
        cols.add(Col.of("d9", DataType.decimal(9, 2), i -> i % 6 == 1 ? null
                : BigDecimal.valueOf(new Random(seed * 7 + i).nextInt(1_999_999_999) - 999_999_999L, 2)));
        cols.add(Col.of("d18", DataType.decimal(18, 4), i -> i % 6 == 2 ? null
                : BigDecimal.valueOf(new Random(seed * 11 + i).nextLong() % 999_999_999_999_999_999L, 4)));
        cols.add(Col.of("d38", DataType.decimal(38, 6), i -> {
            if (i % 6 == 3) {
                return null;
            }
            Random r = new Random(seed * 13 + i);
            BigInteger u = new BigInteger(126, r);
            return new BigDecimal(r.nextBoolean() ? u.negate() : u, 6);
        }));
        cols.add(Col.of("d25", DataType.decimal(25, 0), i -> i % 5 == 0 ? null
                : new BigDecimal(BigInteger.valueOf(i - 1000).multiply(BigInteger.TEN.pow(20)))));
        cols.add(Col.of("s", DataType.UTF8, i -> i % 4 == 1 ? null : "cat_" + (i % 50) + (i % 3 == 0 ? "é✓" : "")));
        cols.add(Col.of("s2", DataType.UTF8, i -> i % 10 == 7 ? null : i % 10 == 8 ? "" : "value-" + i + "-" + Long.toHexString(new Random(seed + i).nextLong())));
        cols.add(Col.of("bin", DataType.BINARY, i -> {
            if (i % 5 == 4) {
                return null;
            }
            Random r = new Random(seed * 17 + i);
            byte[] b = new byte[r.nextInt(20)];
            r.nextBytes(b);
            return b;
        }));
        cols.add(Col.of("dt", DataType.DATE, i -> i % 12 == 5 ? null : i - 2500));
        cols.add(Col.of("ts_s", DataType.timestamp(TimeUnit.SECONDS, Optional.empty()),
                i -> i % 9 == 0 ? null : (long) i * 86_400L * 3 - 1_000_000_000L));
        cols.add(Col.of("ts_ms", DataType.timestamp(TimeUnit.MILLISECONDS, Optional.of("UTC")),
                i -> i % 9 == 1 ? null : 1_600_000_000_000L + (long) i * 123_457L));
        cols.add(Col.of("ts_us", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty()),
                i -> i % 9 == 2 ? null : -1_000_000_000_000L + (long) i * 1_234_567_891L));
        cols.add(Col.of("ts_ns", DataType.timestamp(TimeUnit.NANOSECONDS, Optional.empty()),
                i -> i % 9 == 3 ? null : 1_700_000_000_000_000_000L + (long) i * 1_000_000_007L));
        // DuckDB keeps TIMESTAMP WITH TIME ZONE in microseconds, so these nanosecond values are whole microseconds
        cols.add(Col.of("ts_ns_tz", DataType.timestamp(TimeUnit.NANOSECONDS, Optional.of("UTC")),
                i -> i % 9 == 4 ? null : 1_700_000_000_000_000_000L + (long) i * 1_000_007_000L));
        cols.add(Col.of("nul", DataType.NULL, i -> null));
        return cols;
    }

    private static Schema schemaOf(List<Col> cols) {
        List<Field> fields = new ArrayList<>();
        for (Col c : cols) {
            fields.add(c.field());
        }
        return new Schema(fields);
    }

    private static RecordBatch batch(List<Col> cols, int from, int rows) {
        List<Object[]> values = new ArrayList<>();
        for (Col c : cols) {
            Object[] v = new Object[rows];
            for (int i = 0; i < rows; i++) {
                v[i] = c.gen().apply(from + i);
            }
            values.add(v);
        }
        return FormatTestBatches.build(schemaOf(cols), values, rows);
    }

    /** The canonical text of an expected value, as {@link #duckText} renders DuckDB's. */
    private static String expectedText(Field f, Object v) {
        if (v == null) {
            return null;
        }
        switch (f.dataType().id()) {
            case FLOAT32: return Float.toString((Float) v);
            case FLOAT64: return Double.toString((Double) v);
            case DECIMAL: return ((BigDecimal) v).toPlainString();
            case BINARY: return HexFormat.of().withUpperCase().formatHex((byte[]) v);
            case TIMESTAMP: return Long.toString(((Number) v).longValue() * (1_000_000_000L / f.dataType().timeUnit().perSecond()));
            case BOOLEAN:
            case UTF8:
                return v.toString();
            default: return Long.toString(((Number) v).longValue());
        }
    }

    private static String duckText(Field f, Object v) {
        if (v == null) {
            return null;
        }
        switch (f.dataType().id()) {
            case FLOAT32: return Float.toString(((Number) v).floatValue());
            case FLOAT64: return Double.toString(((Number) v).doubleValue());
            case DECIMAL: return ((BigDecimal) v).setScale(f.dataType().scale()).toPlainString();
            case BOOLEAN:
            case UTF8:
            case BINARY:
                return v.toString();
            default: return Long.toString(((Number) v).longValue());
        }
    }

    private static void assertDuckDbReads(Path file, List<Col> cols, int rows) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(cols.get(i).sql());
        }
        sql.append(" FROM read_parquet(").append(literal(file)).append(") ORDER BY id");
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> result = duck.query(sql.toString());
            assertEquals(rows, result.size());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols.size(); c++) {
                    Col col = cols.get(c);
                    assertEquals(expectedText(col.field(), col.gen().apply(r)), duckText(col.field(), result.get(r)[c]),
                            "row " + r + " column " + col.field().name());
                }
            }
        }
    }

    private static void writeAll(Path file, List<Col> cols, int rows, int batchRows, ParquetWriteOptions options) {
        try (ParquetWriter w = ParquetWriter.create(file, schemaOf(cols), options)) {
            for (int from = 0; from < rows; from += batchRows) {
                try (RecordBatch b = batch(cols, from, Math.min(batchRows, rows - from))) {
                    w.write(b);
                }
            }
        }
    }

    @Test
    void everyFlatTypeWithNullsRoundTripsThroughDuckDb() {
        List<Col> cols = allTypes(42);
        Path file = dir.resolve("all.parquet");
        int rows = 20_000;
        writeAll(file, cols, rows, 3_001, ParquetWriteOptions.defaults().withRowGroupSizeBytes(256 << 10).withPageSizeBytes(16 << 10));
        assertDuckDbReads(file, cols, rows);

        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> types = duck.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + literal(file) + "))");
            StringBuilder got = new StringBuilder();
            for (Object[] t : types) {
                got.append(t[0]).append(':').append(t[1]).append(' ');
            }
            assertEquals("id:BIGINT b:BOOLEAN i8:TINYINT i16:SMALLINT i32:INTEGER i64:BIGINT f32:FLOAT f64:DOUBLE "
                    + "d9:DECIMAL(9,2) d18:DECIMAL(18,4) d38:DECIMAL(38,6) d25:DECIMAL(25,0) s:VARCHAR s2:VARCHAR bin:BLOB "
                    + "dt:DATE ts_s:TIMESTAMP ts_ms:TIMESTAMP WITH TIME ZONE ts_us:TIMESTAMP "
                    + "ts_ns:TIMESTAMP_NS ts_ns_tz:TIMESTAMP WITH TIME ZONE nul:INTEGER ", got.toString());
        }
    }

    @Test
    void statisticsAndRowGroupSplitAreVisibleToDuckDb() {
        List<Col> cols = allTypes(7);
        Path file = dir.resolve("stats.parquet");
        int rows = 30_000;
        long rowGroupBytes = 400 << 10;
        writeAll(file, cols, rows, 4_096, ParquetWriteOptions.defaults().withRowGroupSizeBytes(rowGroupBytes));
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> groups = duck.query("SELECT row_group_id, max(row_group_num_rows) FROM parquet_metadata("
                    + literal(file) + ") GROUP BY ALL ORDER BY 1");
            assertTrue(groups.size() >= 3, "expected several row groups, got " + groups.size());
            int start = 0;
            for (Object[] g : groups) {
                long groupId = ((Number) g[0]).longValue();
                int n = (int) ((Number) g[1]).longValue();
                for (String name : List.of("i32", "i64", "s", "s2", "dt", "d18", "d38", "f64")) {
                    Col col = cols.stream().filter(c -> c.field().name().equals(name)).findFirst().orElseThrow();
                    Object min = null;
                    Object max = null;
                    long nulls = 0;
                    for (int r = start; r < start + n; r++) {
                        Object v = col.gen().apply(r);
                        if (v == null) {
                            nulls++;
                            continue;
                        }
                        if (min == null || compare(v, min) < 0) {
                            min = v;
                        }
                        if (max == null || compare(v, max) > 0) {
                            max = v;
                        }
                    }
                    List<Object[]> st = duck.query("SELECT stats_min_value, stats_max_value, stats_null_count, num_values "
                            + "FROM parquet_metadata(" + literal(file) + ") WHERE row_group_id = " + groupId
                            + " AND path_in_schema = '" + name + "'");
                    assertEquals(1, st.size());
                    assertEquals(statText(col.field(), min), st.get(0)[0], "min of " + name + " in row group " + groupId);
                    assertEquals(statText(col.field(), max), st.get(0)[1], "max of " + name + " in row group " + groupId);
                    assertEquals(nulls, ((Number) st.get(0)[2]).longValue(), "nulls of " + name);
                    assertEquals((long) n, ((Number) st.get(0)[3]).longValue());
                }
                start += n;
            }
            assertEquals(rows, start);
            // DuckDB prunes on our statistics: a filter outside every row group's id range reads nothing
            assertEquals(0L, ((Number) duck.query("SELECT count(*) FROM read_parquet(" + literal(file) + ") WHERE id > 1000000").get(0)[0]).longValue());
            assertEquals(100L, ((Number) duck.query("SELECT count(*) FROM read_parquet(" + literal(file) + ") WHERE id BETWEEN 12000 AND 12099").get(0)[0]).longValue());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof String) {
            return java.util.Arrays.compareUnsigned(((String) a).getBytes(StandardCharsets.UTF_8),
                    ((String) b).getBytes(StandardCharsets.UTF_8));
        }
        return ((Comparable) a).compareTo(b);
    }

    private static String statText(Field f, Object v) {
        switch (f.dataType().id()) {
            case DATE: return java.time.LocalDate.ofEpochDay(((Number) v).longValue()).toString();
            case DECIMAL: return ((BigDecimal) v).toPlainString();
            default: return v.toString();
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCodecRoundTrips(Compression codec) {
        List<Col> cols = allTypes(codec.ordinal());
        Path file = dir.resolve("codec-" + codec + ".parquet");
        writeAll(file, cols, 3_000, 1_000, ParquetWriteOptions.defaults().withCodec(codec).withPageSizeBytes(4096));
        assertDuckDbReads(file, cols, 3_000);
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            Object c = duck.query("SELECT DISTINCT compression FROM parquet_metadata(" + literal(file) + ")").get(0)[0];
            assertEquals(codec == Compression.NONE ? "UNCOMPRESSED" : codec.name(), c);
        }
    }

    @Test
    void dictionaryOffAndDictionaryFallbackRoundTrip() {
        List<Col> cols = List.of(
                new Col(new Field("id", DataType.INT64, false), i -> (long) i, "id"),
                // low cardinality first (dictionary pays off), then unique values overflow the dictionary
                Col.of("s", DataType.UTF8, i -> i < 5_000 ? "k" + (i % 10) : "unique-" + i + "-xxxxxxxxxxxxxxxxxxxx"),
                Col.of("n", DataType.INT64, i -> i < 5_000 ? (long) (i % 3) : (long) i * 1_000_003L));
        for (boolean dictionary : new boolean[] {true, false}) {
            Path file = dir.resolve("dict-" + dictionary + ".parquet");
            writeAll(file, cols, 60_000, 7_000, ParquetWriteOptions.defaults().withDictionary(dictionary).withPageSizeBytes(64 << 10));
            assertDuckDbReads(file, cols, 60_000);
            try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
                Object encodings = duck.query("SELECT encodings FROM parquet_metadata(" + literal(file) + ") WHERE path_in_schema = 's'").get(0)[0];
                assertEquals(dictionary, encodings.toString().contains("RLE_DICTIONARY"), encodings.toString());
            }
        }
    }

    @Test
    void arrowSchemaIsStoredInTheFooter() throws Exception {
        List<Col> cols = allTypes(3);
        Path file = dir.resolve("arrow-schema.parquet");
        writeAll(file, cols, 10, 10, ParquetWriteOptions.defaults());
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> kv = duck.query("SELECT decode(key), decode(value) FROM parquet_kv_metadata(" + literal(file) + ")");
            assertEquals(1, kv.size());
            assertEquals(ParquetWriter.ARROW_SCHEMA_KEY, kv.get(0)[0]);
            byte[] ipc = java.util.Base64.getDecoder().decode((String) kv.get(0)[1]);
            org.apache.arrow.vector.types.pojo.Schema arrow = org.apache.arrow.vector.ipc.message.MessageSerializer.deserializeSchema(
                    new org.apache.arrow.vector.ipc.ReadChannel(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(ipc))));
            assertEquals(schemaOf(cols), io.daft.core.ArrowTypes.fromArrowSchema(arrow));
        }
    }

    @Test
    void zeroRowFileAndEmptyBatches() {
        List<Col> cols = allTypes(1);
        Schema schema = schemaOf(cols);
        Path file = dir.resolve("empty.parquet");
        try (ParquetWriter w = ParquetWriter.create(file, schema, ParquetWriteOptions.defaults())) {
            try (RecordBatch empty = RecordBatch.empty(schema)) {
                w.write(empty);
            }
        }
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            assertEquals(0L, ((Number) duck.query("SELECT count(*) FROM read_parquet(" + literal(file) + ")").get(0)[0]).longValue());
            assertEquals(cols.size(), duck.query("DESCRIBE SELECT * FROM read_parquet(" + literal(file) + ")").size());
            assertEquals(0, duck.query("SELECT * FROM parquet_metadata(" + literal(file) + ")").size());
        }
        // empty batches between real ones change nothing
        Path file2 = dir.resolve("some.parquet");
        try (ParquetWriter w = ParquetWriter.create(file2, schema, ParquetWriteOptions.defaults())) {
            try (RecordBatch empty = RecordBatch.empty(schema); RecordBatch b = batch(cols, 0, 10)) {
                w.write(empty);
                w.write(b);
                w.write(empty);
            }
        }
        assertDuckDbReads(file2, cols, 10);
    }

    @Test
    void largeStringsSpanPagesAndHaveBoundedStatistics() {
        int rows = 40;
        List<Col> cols = List.of(
                new Col(new Field("id", DataType.INT64, false), i -> (long) i, "id"),
                Col.of("big", DataType.UTF8, i -> i % 7 == 3 ? null : String.valueOf((char) ('a' + i % 26)).repeat(300_000 + i)),
                Col.of("blob", DataType.BINARY, i -> {
                    byte[] b = new byte[100_000 + i];
                    new Random(i).nextBytes(b);
                    return b;
                }));
        Path file = dir.resolve("large.parquet");
        writeAll(file, cols, rows, 16, ParquetWriteOptions.defaults());
        assertDuckDbReads(file, cols, rows);
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> st = duck.query("SELECT stats_min_value, stats_max_value FROM parquet_metadata(" + literal(file) + ") WHERE path_in_schema = 'big'");
            String min = (String) st.get(0)[0];
            String max = (String) st.get(0)[1];
            assertEquals("a".repeat(1024), min);
            assertEquals("z".repeat(1023) + "{", max); // 'z' prefix rounded up: still above every value
            assertTrue(duck.query("SELECT count(*) FROM read_parquet(" + literal(file) + ") WHERE big > 'zz'").size() == 1);
        }
    }

    @Test
    void slicedBatchesAtUnalignedOffsets() {
        List<Col> cols = allTypes(99);
        Path file = dir.resolve("sliced.parquet");
        // rows [0, 1000) written as slices starting at odd, non-byte-aligned offsets of bigger batches
        try (ParquetWriter w = ParquetWriter.create(file, schemaOf(cols), ParquetWriteOptions.defaults())) {
            int from = 0;
            for (int len : new int[] {3, 250, 1, 500, 246}) {
                try (RecordBatch big = batch(cols, from - 5 < 0 ? 0 : from - 5, len + 13);
                        RecordBatch slice = big.slice(from - 5 < 0 ? from : 5, len)) {
                    w.write(slice);
                }
                from += len;
            }
        }
        assertDuckDbReads(file, cols, 1000);
    }

    @Test
    void schemaWithoutColumnsIsRejected() {
        DaftException e = assertThrows(DaftException.class,
                () -> ParquetWriter.create(dir.resolve("none.parquet"), Schema.empty(), ParquetWriteOptions.defaults()));
        assertTrue(e.getMessage().contains("none.parquet"), e.getMessage());
    }

    @Test
    void emptyStructColumnIsRejectedByName() {
        Schema schema = Schema.of(Field.of("id", DataType.INT64), Field.of("tags", DataType.struct(List.of())));
        DaftException e = assertThrows(DaftException.class,
                () -> ParquetWriter.create(dir.resolve("nested.parquet"), schema, ParquetWriteOptions.defaults()));
        assertTrue(e.getMessage().contains("'tags'"), e.getMessage());
    }

    @Test
    void nullInNotNullColumnIsAnErrorNamingTheColumnAndFile() {
        Schema declared = Schema.of(new Field("x", DataType.INT32, false));
        Path file = dir.resolve("notnull.parquet");
        List<Col> cols = List.of(new Col(Field.of("x", DataType.INT32), i -> i == 2 ? null : i, "x"));
        try (ParquetWriter w = ParquetWriter.create(file, declared, ParquetWriteOptions.defaults());
                RecordBatch b = batch(cols, 0, 5)) {
            DaftException e = assertThrows(DaftException.class, () -> w.write(b));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("notnull.parquet"), e.getMessage());
        }
        assertFalse(file.toFile().exists(), "a failed file is removed");
    }

    @Test
    void batchOfTheWrongTypeIsRejected() {
        Path file = dir.resolve("wrong.parquet");
        List<Col> cols = List.of(Col.of("x", DataType.INT64, i -> (long) i));
        try (ParquetWriter w = ParquetWriter.create(file, Schema.of(Field.of("x", DataType.INT32)), ParquetWriteOptions.defaults());
                RecordBatch b = batch(cols, 0, 5)) {
            DaftException e = assertThrows(DaftException.class, () -> w.write(b));
            assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        }
        assertNull(null);
    }
}
