package io.daft.csv;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import io.daft.testing.FormatTestBatches;
import io.daft.testing.FormatTestDuckDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.daft.csv.CsvTestSupport.duck;
import static io.daft.csv.CsvTestSupport.readAll;
import static io.daft.testing.FormatTestDuckDb.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvWriterTest {
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

    private static final Schema SCHEMA = Schema.of(
            Field.of("id", DataType.INT64),
            Field.of("b", DataType.BOOLEAN),
            Field.of("i8", DataType.INT8),
            Field.of("i16", DataType.INT16),
            Field.of("i32", DataType.INT32),
            Field.of("f32", DataType.FLOAT32),
            Field.of("f64", DataType.FLOAT64),
            Field.of("dec", DataType.decimal(20, 5)),
            Field.of("s", DataType.UTF8),
            Field.of("d", DataType.DATE),
            Field.of("ts_ms", DataType.timestamp(TimeUnit.MILLISECONDS, Optional.empty())),
            Field.of("ts_us", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"))),
            Field.of("ts_ns", DataType.timestamp(TimeUnit.NANOSECONDS, Optional.empty())));

    private static final String DUCK_COLUMNS = "{'id': 'BIGINT', 'b': 'BOOLEAN', 'i8': 'TINYINT', 'i16': 'SMALLINT', "
            + "'i32': 'INTEGER', 'f32': 'FLOAT', 'f64': 'DOUBLE', 'dec': 'DECIMAL(20,5)', 's': 'VARCHAR', 'd': 'DATE', "
            + "'ts_ms': 'TIMESTAMP', 'ts_us': 'TIMESTAMPTZ', 'ts_ns': 'TIMESTAMP_NS'}";

    private static final String[] STRINGS = {"plain", "with, comma", "with \"quotes\"", "multi\nline", "crlf\r\nline",
            " leading space", "trailing space ", "", "unicode é✓", "#notacomment", "\"", ","};

    /** Row i's values in the normalized form {@link CsvTestSupport#value} gives. */
    private static Object[] expected(int i) {
        Random r = new Random(i);
        return new Object[] {
            (long) i,
            i % 7 == 0 ? null : i % 2 == 0,
            i % 5 == 1 ? null : (long) (byte) (i * 13),
            i % 5 == 2 ? null : (long) (short) (i * 1_001),
            i % 5 == 3 ? null : (long) r.nextInt(),
            i % 6 == 0 ? null : (double) (r.nextFloat() * 1e6f - 5e5f),
            i % 6 == 1 ? null : i == 2 ? 1e-300 : i == 3 ? -1.5e300 : r.nextGaussian() * 1e10,
            i % 6 == 2 ? null : BigDecimal.valueOf(r.nextLong() % 100_000_000_000_000L, 5),
            i % 6 == 3 ? null : STRINGS[i % STRINGS.length].isEmpty() ? null : STRINGS[i % STRINGS.length] + i,
            i % 8 == 0 ? null : (long) (i * 37 - 20_000),
            i % 8 == 1 ? null : -2_000_000_000_000L + i * 987_654_321L,
            i % 8 == 2 ? null : 1_600_000_000_000_000L + i * 1_234_567_891L,
            i % 8 == 3 ? null : 1_600_000_000_000_000_000L + i * 1_234_567_891_011L,
        };
    }

    private static RecordBatch batch(int from, int rows) {
        List<Object[]> cols = new ArrayList<>();
        for (int c = 0; c < SCHEMA.size(); c++) {
            cols.add(new Object[rows]);
        }
        for (int i = 0; i < rows; i++) {
            Object[] row = expected(from + i);
            for (int c = 0; c < row.length; c++) {
                Object v = row[c];
                DataType t = SCHEMA.field(c).dataType();
                if (v != null && t.id() == io.daft.core.TypeId.FLOAT32) {
                    v = ((Double) v).floatValue();
                }
                if (v != null && t.id() == io.daft.core.TypeId.DATE) {
                    v = ((Long) v).intValue();
                }
                cols.get(c)[i] = v;
            }
        }
        return FormatTestBatches.build(SCHEMA, cols, rows);
    }

    @Test
    void duckDbReadsWhatWeWriteAndSoDoWe() {
        Path csv = dir.resolve("out.csv");
        int rows = 5_000;
        try (CsvWriter w = CsvWriter.create(csv, SCHEMA, CsvOptions.defaults())) {
            for (int from = 0; from < rows; from += 1_300) {
                try (RecordBatch b = batch(from, Math.min(1_300, rows - from))) {
                    w.write(b);
                }
            }
        }
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> theirs = duck.query("SELECT id, b, i8, i16, i32, f32, f64, dec, s, date_diff('day', DATE '1970-01-01', d), "
                    + "epoch_ms(ts_ms), epoch_us(ts_us), epoch_ns(ts_ns) FROM read_csv(" + literal(csv)
                    + ", header=true, columns=" + DUCK_COLUMNS + ") ORDER BY id");
            assertEquals(rows, theirs.size());
            for (int i = 0; i < rows; i++) {
                Object[] want = expected(i);
                for (int c = 0; c < want.length; c++) {
                    assertEquals(want[c], duck(theirs.get(i)[c]), "DuckDB row " + i + " column " + SCHEMA.field(c).name());
                }
            }
        }
        Schema inferred = CsvReader.inferSchema(io.daft.io.InputFiles.open(csv.toString()), CsvOptions.defaults());
        assertEquals(SCHEMA.names(), inferred.names());
        List<Object[]> ours = readAll(csv, SCHEMA, CsvOptions.defaults(), Optional.empty(), 1_000);
        assertEquals(rows, ours.size());
        for (int i = 0; i < rows; i++) {
            Object[] want = expected(i);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], ours.get(i)[c], "our reader row " + i + " column " + SCHEMA.field(c).name());
            }
        }
    }

    @Test
    void customOptionsBinaryAndNullText() throws IOException {
        Schema schema = Schema.of(Field.of("k", DataType.INT32), Field.of("bin", DataType.BINARY), Field.of("s", DataType.UTF8),
                Field.of("nothing", DataType.NULL));
        CsvOptions o = CsvOptions.defaults().withDelimiter(';').withEscape('\\').withNullValues(List.of("\\N"));
        Path csv = dir.resolve("custom.csv");
        List<Object[]> cols = List.of(new Object[] {1, 2, 3}, new Object[] {new byte[] {0, (byte) 0xFF, ';'}, null, new byte[0]},
                new Object[] {"a;b", "back\\slash \"q\"", "\\N"}, new Object[3]);
        try (CsvWriter w = CsvWriter.create(csv, schema, o); RecordBatch b = FormatTestBatches.build(schema, cols, 3)) {
            w.write(b);
        }
        String text = new String(Files.readAllBytes(csv), StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("k;bin;s;nothing\n1;\"\u0000\u00ff;\";\"a;b\";\\N\n"), text);
        List<Object[]> back = readAll(csv, schema, o, Optional.of(List.of("k", "bin", "s")), 10);
        assertEquals(3, back.size());
        assertEquals(HexFormat.of().withUpperCase().formatHex(new byte[] {0, (byte) 0xFF, ';'}), back.get(0)[1]);
        assertEquals("a;b", back.get(0)[2]);
        assertEquals(null, back.get(1)[1]);
        assertEquals("back\\slash \"q\"", back.get(1)[2]);
        assertEquals("", back.get(2)[1]);
        assertEquals(null, back.get(2)[2]); // the null text itself cannot survive: it reads back as NULL
    }

    @Test
    void randomTextSurvivesBothWaysWithDuckDb() {
        char[] alphabet = {'a', 'b', ',', '"', '\n', '\r', ' ', 'é', '✓', '\t', '\'', '#', '|', '\\'};
        int rows = 3_000;
        Random r = new Random(5);
        Object[] ids = new Object[rows];
        Object[] texts = new Object[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = (long) i;
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet[r.nextInt(alphabet.length)]);
            }
            // values are non-empty: an empty string reads back as NULL with the default null text
            texts[i] = i % 17 == 0 ? null : sb.toString();
        }
        Schema schema = Schema.of(Field.of("id", DataType.INT64), Field.of("t", DataType.UTF8));
        Path ours = dir.resolve("random.csv");
        try (CsvWriter w = CsvWriter.create(ours, schema, CsvOptions.defaults());
                RecordBatch b = FormatTestBatches.build(schema, List.of(ids, texts), rows)) {
            w.write(b);
        }
        Path theirs = dir.resolve("random-duck.csv");
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> read = duck.query("SELECT id, t FROM read_csv(" + literal(ours)
                    + ", header=true, columns={'id': 'BIGINT', 't': 'VARCHAR'}) ORDER BY id");
            assertEquals(rows, read.size());
            for (int i = 0; i < rows; i++) {
                assertEquals(texts[i], read.get(i)[1], "DuckDB reading our row " + i);
            }
            duck.execute("CREATE TABLE t AS SELECT * FROM read_csv(" + literal(ours) + ", header=true, columns={'id': 'BIGINT', 't': 'VARCHAR'})");
            duck.execute("COPY (SELECT * FROM t ORDER BY id) TO " + literal(theirs) + " (HEADER)");
        }
        for (Path p : List.of(ours, theirs)) {
            List<Object[]> back = readAll(p, schema, CsvOptions.defaults(), Optional.empty(), 256);
            assertEquals(rows, back.size());
            for (int i = 0; i < rows; i++) {
                assertEquals(texts[i], back.get(i)[1], p.getFileName() + " row " + i);
            }
        }
    }

    @Test
    void nestedColumnsAreRejected() {
        Schema schema = Schema.of(Field.of("l", DataType.list(Field.of("item", DataType.INT64))));
        DaftException e = assertThrows(DaftException.class, () -> CsvWriter.create(dir.resolve("n.csv"), schema, CsvOptions.defaults()));
        assertTrue(e.getMessage().contains("'l'"), e.getMessage());
    }

    /** Dates and timestamps before year 1 as DuckDB's COPY ... TO csv writes them (0044-03-15 (BC)), not -0043-03-15. */
    @Test
    void yearsBeforeOneAsDuckDbWritesThem() throws IOException {
        Schema schema = Schema.of(Field.of("d", DataType.DATE),
                Field.of("ts_ms", DataType.timestamp(TimeUnit.MILLISECONDS, Optional.empty())),
                Field.of("ts_us", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty())));
        // 44 BC, 1 BC (year 0) first and last day, 1 AD, 9999 BC, and an AD control row
        int[] days = {-752_800, -719_893, -719_529, -719_162, -4_371_222, 19_723};
        int rows = days.length;
        Object[] d = new Object[rows];
        Object[] ms = new Object[rows];
        Object[] us = new Object[rows];
        for (int i = 0; i < rows; i++) {
            d[i] = days[i];
            ms[i] = days[i] * 86_400_000L + 45_296_123L; // 12:34:56.123
            us[i] = days[i] * 86_400_000_000L + 45_296_123_457L; // 12:34:56.123457
        }
        Path ours = dir.resolve("bc.csv");
        try (CsvWriter w = CsvWriter.create(ours, schema, CsvOptions.defaults());
                RecordBatch b = FormatTestBatches.build(schema, List.of(d, ms, us), rows)) {
            w.write(b);
        }
        Path theirs = dir.resolve("bc-duck.csv");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(days[i]).append(", ")
                    .append(ms[i]).append(", ").append(us[i]).append(")");
        }
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            duck.execute("COPY (SELECT DATE '1970-01-01' + CAST(day AS INTEGER) AS d, epoch_ms(ms) AS ts_ms, make_timestamp(us) AS ts_us "
                    + "FROM (VALUES " + values + ") v(i, day, ms, us) ORDER BY i) TO " + literal(theirs) + " (HEADER)");
            List<Object[]> back = duck.query("SELECT date_diff('day', DATE '1970-01-01', d), epoch_ms(ts_ms), epoch_us(ts_us) FROM read_csv("
                    + literal(ours) + ", header=true, columns={'d': 'DATE', 'ts_ms': 'TIMESTAMP', 'ts_us': 'TIMESTAMP'})");
            assertEquals(rows, back.size());
            for (int i = 0; i < rows; i++) {
                assertEquals((long) days[i], duck(back.get(i)[0]), "DuckDB reading our date, row " + i);
                assertEquals(ms[i], duck(back.get(i)[1]), "DuckDB reading our ms timestamp, row " + i);
                assertEquals(us[i], duck(back.get(i)[2]), "DuckDB reading our us timestamp, row " + i);
            }
        }
        List<String> ourLines = Files.readAllLines(ours);
        List<String> duckLines = Files.readAllLines(theirs);
        assertEquals(duckLines.size(), ourLines.size());
        for (int i = 1; i < ourLines.size(); i++) {
            if (days[i - 1] < -719_162) {
                assertEquals(duckLines.get(i), ourLines.get(i), "row " + (i - 1));
                assertTrue(ourLines.get(i).contains("(BC)"), ourLines.get(i));
            } else {
                // years AD keep the ISO form (T separator); the dates are DuckDB's
                assertEquals(duckLines.get(i).replace(' ', 'T'), ourLines.get(i), "row " + (i - 1));
            }
        }
    }
}
