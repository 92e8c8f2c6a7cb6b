package io.daft.csv;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.daft.csv.CsvTestSupport.duck;
import static io.daft.csv.CsvTestSupport.readAll;
import static io.daft.testing.FormatTestDuckDb.literal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
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

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    private static Schema infer(Path p, CsvOptions o) {
        return CsvReader.inferSchema(InputFiles.open(p.toString()), o);
    }

    @Test
    void readsDuckDbGeneratedCsvLikeDuckDb() {
        Path csv = dir.resolve("duck.csv");
        int rows = 60_000;
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            duck.execute("CREATE TABLE t AS SELECT i AS id, "
                    + "CASE WHEN i % 7 = 0 THEN NULL ELSE i % 3 = 0 END AS flag, "
                    + "CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 7919) % 100003 - 50000 END AS n, "
                    + "CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 1.25) / 7 END AS x, "
                    + "CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN 'plain ' || i WHEN i % 5 = 2 THEN 'comma, \"quote\" ' || i "
                    + "  WHEN i % 5 = 3 THEN 'multi' || chr(10) || 'line ' || i ELSE '' END AS s, "
                    + "CASE WHEN i % 17 = 0 THEN NULL ELSE DATE '1960-01-01' + (i % 30000)::INT END AS d, "
                    + "CASE WHEN i % 19 = 0 THEN NULL ELSE TIMESTAMP '2001-02-03 04:05:06' + to_microseconds(i * 1000003::BIGINT) END AS ts "
                    + "FROM range(" + rows + ") r(i)");
            duck.execute("COPY t TO " + literal(csv) + " (HEADER)");

            Schema schema = infer(csv, CsvOptions.defaults());
            assertEquals(Schema.of(Field.of("id", DataType.INT64), Field.of("flag", DataType.BOOLEAN),
                    Field.of("n", DataType.INT64), Field.of("x", DataType.FLOAT64), Field.of("s", DataType.UTF8),
                    Field.of("d", DataType.DATE), Field.of("ts", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty()))),
                    schema);

            List<Object[]> ours = readAll(csv, schema, CsvOptions.defaults(), Optional.empty(), 4096);
            List<Object[]> theirs = duck.query("SELECT id, flag, n, x, s, date_diff('day', DATE '1970-01-01', d), epoch_us(ts) FROM read_csv("
                    + literal(csv) + ") ORDER BY id");
            assertEquals(rows, ours.size());
            assertEquals(rows, theirs.size());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < 7; c++) {
                    assertEquals(duck(theirs.get(r)[c]), ours.get(r)[c], "row " + r + " column " + schema.field(c).name());
                }
            }
        }
    }

    @Test
    void quotingEdgeCases() throws IOException {
        String content = "\uFEFFa,b,c\r\n"
                + "1,\"x, y\",\"she said \"\"hi\"\"\"\r\n"
                + "2,\"line1\nline2\r\nline3\",\"\"\r\n"
                + "3,,plain\r\n"
                + "\r\n"
                + "4,\"\"\"\",\"ends with delim,\"\r\n"
                + "5,caf\u00e9 \u2713,\"\"";  // no trailing newline
        Path p = write("q.csv", content);
        Schema schema = infer(p, CsvOptions.defaults());
        assertEquals(List.of("a", "b", "c"), schema.names());
        assertEquals(DataType.INT64, schema.field(0).dataType());
        assertEquals(DataType.UTF8, schema.field(1).dataType());
        List<Object[]> rows = readAll(p, schema, CsvOptions.defaults(), Optional.empty(), 2);
        assertEquals(5, rows.size());
        assertArrayEquals(new Object[] {1L, "x, y", "she said \"hi\""}, rows.get(0));
        assertArrayEquals(new Object[] {2L, "line1\nline2\r\nline3", null}, rows.get(1)); // "" is the null text
        assertArrayEquals(new Object[] {3L, null, "plain"}, rows.get(2));
        assertArrayEquals(new Object[] {4L, "\"", "ends with delim,"}, rows.get(3));
        assertArrayEquals(new Object[] {5L, "caf\u00e9 \u2713", null}, rows.get(4));

        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> theirs = duck.query("SELECT * FROM read_csv(" + literal(p) + ", header=true) ORDER BY a");
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(duck(theirs.get(r)[c]), rows.get(r)[c], "row " + r + " col " + c);
                }
            }
        }
    }

    @Test
    void customDelimiterEscapeCommentsAndNullValues() throws IOException {
        String content = "# a comment line\n"
                + "k|v|w\n"
                + "1|\"pipe \\| and \\\" quote\"|NA\n"
                + "# another comment\n"
                + "2|NULL|\"NA\"\n"
                + "3||x\n";
        Path p = write("c.csv", content);
        CsvOptions o = CsvOptions.defaults().withDelimiter('|').withEscape('\\').withComment('#')
                .withNullValues(List.of("NA", "NULL"));
        Schema schema = infer(p, o);
        assertEquals(List.of("k", "v", "w"), schema.names());
        List<Object[]> rows = readAll(p, schema, o, Optional.empty(), 100);
        assertEquals(3, rows.size());
        assertArrayEquals(new Object[] {1L, "pipe | and \" quote", null}, rows.get(0));
        assertArrayEquals(new Object[] {2L, null, null}, rows.get(1)); // quoted null texts are NULL too (as in DuckDB)
        assertArrayEquals(new Object[] {3L, "", "x"}, rows.get(2)); // "" is not a null value here
    }

    @Test
    void explicitSchemaProjectionAndNoHeader() throws IOException {
        Path p = write("e.csv", "1,2.50,2020-01-02 03:04:05.123,7,x\n-3,-0.01,2020-01-02T00:00:00Z,-128,y\n,,,,\n");
        Schema schema = Schema.of(Field.of("i", DataType.INT32), Field.of("d", DataType.decimal(10, 2)),
                Field.of("t", DataType.timestamp(TimeUnit.MILLISECONDS, Optional.empty())), Field.of("b", DataType.INT8),
                Field.of("s", DataType.UTF8));
        CsvOptions o = CsvOptions.defaults().withHeader(false).withSchema(schema);
        assertEquals(schema, infer(p, o));
        List<Object[]> rows = readAll(p, schema, o, Optional.of(List.of("s", "t", "i", "d", "b")), 1);
        assertEquals(3, rows.size());
        long t0 = java.time.LocalDateTime.parse("2020-01-02T03:04:05.123").toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        long t1 = java.time.LocalDateTime.parse("2020-01-02T00:00:00").toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        assertArrayEquals(new Object[] {"x", t0, 1L, new BigDecimal("2.50"), 7L}, rows.get(0));
        assertArrayEquals(new Object[] {"y", t1, -3L, new BigDecimal("-0.01"), -128L}, rows.get(1));
        assertArrayEquals(new Object[] {null, null, null, null, null}, rows.get(2));

        // only a count: no columns
        try (CloseableIterator<RecordBatch> it = CsvReader.read(InputFiles.open(p.toString()), schema, o, Optional.of(List.of()), 10)) {
            RecordBatch b = it.next();
            assertEquals(3, b.rowCount());
            assertEquals(0, b.numColumns());
            b.close();
        }
        // explicit schema with header: the header line is skipped
        Path h = write("h.csv", "a,b\n1,2\n");
        Schema hs = Schema.of(Field.of("x", DataType.INT64), Field.of("y", DataType.INT64));
        assertEquals(List.<Object[]>of(new Object[] {1L, 2L}).get(0)[0],
                readAll(h, hs, CsvOptions.defaults().withSchema(hs), Optional.empty(), 10).get(0)[0]);
    }

    @Test
    void inferenceRules() throws IOException {
        Path p = write("i.csv", "b,i,f,d,ts,tz,s,n,mixed_dt\n"
                + "true,1,1,2020-01-01,2020-01-01 10:00:00,2020-01-01T10:00:00Z,x,,2020-01-01\n"
                + "FALSE,-2,2.5,2021-12-31,2020-01-01T10:00:00.5,2020-01-01T10:00:00+02:00,1,,2020-01-01 01:02:03\n"
                + ",,1e3,,,,2.5,,\n");
        Schema s = infer(p, CsvOptions.defaults());
        assertEquals(Schema.of(Field.of("b", DataType.BOOLEAN), Field.of("i", DataType.INT64), Field.of("f", DataType.FLOAT64),
                Field.of("d", DataType.DATE), Field.of("ts", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty())),
                Field.of("tz", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"))), Field.of("s", DataType.UTF8),
                Field.of("n", DataType.UTF8), Field.of("mixed_dt", DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty()))), s);
        List<Object[]> rows = readAll(p, s, CsvOptions.defaults(), Optional.of(List.of("tz")), 10);
        assertEquals(1_577_872_800_000_000L, rows.get(0)[0]);
        assertEquals(1_577_865_600_000_000L, rows.get(1)[0]);

        Path noHeader = write("nh.csv", "1,a\n2,b\n");
        Schema s2 = infer(noHeader, CsvOptions.defaults().withHeader(false));
        assertEquals(Schema.of(Field.of("column_0", DataType.INT64), Field.of("column_1", DataType.UTF8)), s2);

        // inference looks only at the first inferSchemaRows records
        Path late = write("late.csv", "x\n1\n2\nthree\n");
        assertEquals(DataType.INT64, infer(late, CsvOptions.defaults().withInferSchemaRows(2)).field(0).dataType());
        assertEquals(DataType.UTF8, infer(late, CsvOptions.defaults()).field(0).dataType());
    }

    @Test
    void malformedInputErrorsNameFileLineAndColumn() throws IOException {
        Path p = write("bad.csv", "a,b\n1,\"two\nlines\"\n2,x\nzz,y\n");
        Schema s = Schema.of(Field.of("a", DataType.INT64), Field.of("b", DataType.UTF8));
        DaftException e = assertThrows(DaftException.class, () -> readAll(p, s, CsvOptions.defaults(), Optional.empty(), 10));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("line 5") && e.getMessage().contains("'a'")
                && e.getMessage().contains("\"zz\""), e.getMessage());

        Path wrong = write("wrong.csv", "a,b\n1,2\n3,4,5\n");
        e = assertThrows(DaftException.class, () -> readAll(wrong, s, CsvOptions.defaults(), Optional.empty(), 10));
        assertTrue(e.getMessage().contains("wrong.csv line 3") && e.getMessage().contains("expected 2 fields but found 3"), e.getMessage());

        Path unclosed = write("open.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
        e = assertThrows(DaftException.class, () -> readAll(unclosed, s, CsvOptions.defaults(), Optional.empty(), 10));
        assertTrue(e.getMessage().contains("open.csv line 3") && e.getMessage().contains("not closed"), e.getMessage());

        Path junk = write("junk.csv", "a,b\n1,\"x\"y\n");
        e = assertThrows(DaftException.class, () -> readAll(junk, s, CsvOptions.defaults(), Optional.empty(), 10));
        assertTrue(e.getMessage().contains("junk.csv line 2"), e.getMessage());

        Path overflow = write("big.csv", "a\n99999999999999999999\n");
        Schema one = Schema.of(Field.of("a", DataType.INT64));
        e = assertThrows(DaftException.class, () -> readAll(overflow, one, CsvOptions.defaults(), Optional.empty(), 10));
        assertTrue(e.getMessage().contains("big.csv line 2"), e.getMessage());

        Path badDate = write("date.csv", "a\n2020-02-30\n");
        Schema ds = Schema.of(Field.of("a", DataType.DATE));
        e = assertThrows(DaftException.class, () -> readAll(badDate, ds, CsvOptions.defaults(), Optional.empty(), 10));
        assertTrue(e.getMessage().contains("date.csv line 2") && e.getMessage().contains("Date"), e.getMessage());

        e = assertThrows(DaftException.class, () -> readAll(p, s, CsvOptions.defaults(), Optional.of(List.of("nope")), 10));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void optionValidation() {
        DaftException e = assertThrows(DaftException.class, () -> CsvOptions.defaults().withDelimiter('"'));
        assertTrue(e.getMessage().contains("delimiter"), e.getMessage());
        e = assertThrows(DaftException.class, () -> CsvOptions.defaults().withDelimiter('\n'));
        assertTrue(e.getMessage().contains("line break"), e.getMessage());
        e = assertThrows(DaftException.class, () -> CsvOptions.defaults().withInferSchemaRows(0));
        assertTrue(e.getMessage().contains("inferSchemaRows"), e.getMessage());
        e = assertThrows(DaftException.class, () -> CsvOptions.defaults().withComment(','));
        assertTrue(e.getMessage().contains("comment"), e.getMessage());
    }

    @Test
    void fieldsLargerThanTheReadBlockAndManyBatches() throws IOException {
        StringBuilder sb = new StringBuilder("id,s\n");
        String big = "q\"".repeat(1_500_000); // 3 MB, quotes doubled inside: larger than the 1 MiB read block
        sb.append("1,\"").append(big.replace("\"", "\"\"")).append("\"\n");
        for (int i = 2; i < 20_000; i++) {
            sb.append(i).append(",v").append(i).append('\n');
        }
        Path p = write("large.csv", sb.toString());
        Schema s = infer(p, CsvOptions.defaults());
        List<Object[]> rows = readAll(p, s, CsvOptions.defaults(), Optional.empty(), 777);
        assertEquals(19_999, rows.size());
        assertEquals(big, rows.get(0)[1]);
        for (int i = 1; i < rows.size(); i++) {
            assertEquals((long) i + 1, rows.get(i)[0]);
            assertEquals("v" + (i + 1), rows.get(i)[1]);
        }
        assertEquals(Arrays.asList(1L, big), Arrays.asList(rows.get(0)));
    }

    @Test
    void oneColumnFilesKeepBlankLinesAsNulls() throws IOException {
        Path csv = dir.resolve("one.csv");
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            duck.execute("COPY (SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS v FROM range(10) r(i)) TO " + literal(csv) + " (HEADER)");
            Schema s = infer(csv, CsvOptions.defaults());
            assertEquals(Schema.of(Field.of("v", DataType.INT64)), s);
            List<Object[]> ours = readAll(csv, s, CsvOptions.defaults(), Optional.empty(), 4);
            List<Object[]> theirs = duck.query("SELECT v FROM read_csv(" + literal(csv) + ")");
            assertEquals(10, theirs.size());
            assertEquals(10, ours.size());
            for (int i = 0; i < 10; i++) {
                assertEquals(duck(theirs.get(i)[0]), ours.get(i)[0], "row " + i);
                assertEquals(i % 3 == 0 ? null : (long) i, ours.get(i)[0]);
            }
        }
        // without a header too, and blank lines still skipped when there are several columns
        Path noHeader = write("one-nh.csv", "1\n\n3\n");
        CsvOptions nh = CsvOptions.defaults().withHeader(false);
        Schema s = infer(noHeader, nh);
        List<Object[]> rows = readAll(noHeader, s, nh, Optional.empty(), 10);
        assertEquals(Arrays.asList(1L, null, 3L), Arrays.asList(rows.get(0)[0], rows.get(1)[0], rows.get(2)[0]));
        Path two = write("two.csv", "a,b\n1,2\n\n3,4\n");
        assertEquals(2, readAll(two, infer(two, CsvOptions.defaults()), CsvOptions.defaults(), Optional.empty(), 10).size());
    }

    @Test
    void readsTheFileInBlocksNotWhole() throws IOException {
        StringBuilder sb = new StringBuilder("id,s\n");
        for (int i = 0; i < 200_000; i++) {
            sb.append(i).append(",some text for row ").append(i).append('\n');
        }
        Path p = write("blocks.csv", sb.toString());
        long size = Files.size(p);
        io.daft.io.InputFile local = InputFiles.open(p.toString());
        int[] maxRead = {0};
        int[] reads = {0};
        io.daft.io.InputFile counting = new io.daft.io.InputFile() {
            @Override
            public String path() {
                return local.path();
            }

            @Override
            public long length() throws IOException {
                return local.length();
            }

            @Override
            public java.nio.ByteBuffer read(long position, int length) throws IOException {
                maxRead[0] = Math.max(maxRead[0], length);
                reads[0]++;
                return local.read(position, length);
            }
        };
        Schema s = CsvReader.inferSchema(counting, CsvOptions.defaults());
        long rows = 0;
        try (CloseableIterator<RecordBatch> it = CsvReader.read(counting, s, CsvOptions.defaults(), Optional.empty(), 1000)) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    rows += b.rowCount();
                }
            }
        }
        assertEquals(200_000, rows);
        assertTrue(size > 5 << 20, "file is " + size);
        assertTrue(maxRead[0] <= 1 << 20, "largest read " + maxRead[0]);
        assertTrue(reads[0] >= size / (1 << 20), "reads " + reads[0]);
    }

    @Test
    void emptyFileWithHeaderOnly() throws IOException {
        Path p = write("empty.csv", "a,b\n");
        Schema s = infer(p, CsvOptions.defaults());
        assertEquals(Schema.of(Field.of("a", DataType.UTF8), Field.of("b", DataType.UTF8)), s);
        assertEquals(0, readAll(p, s, CsvOptions.defaults(), Optional.empty(), 10).size());
        Path none = write("none.csv", "");
        assertThrows(DaftException.class, () -> infer(none, CsvOptions.defaults()));
    }
}
