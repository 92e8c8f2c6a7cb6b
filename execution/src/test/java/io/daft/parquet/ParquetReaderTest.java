package io.daft.parquet;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Literal;
import io.daft.io.InputFile;
import io.daft.io.InputFiles;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Focused reader tests on files DuckDB writes: projection, row groups, pruning, nulls, dictionaries, batches, errors. */
class ParquetReaderTest {
    private static final int ROWS = 50_000;
    private static final String SELECT = "SELECT i AS id, (i * 1.5)::DOUBLE AS d, "
            + "CASE WHEN i % 7 = 0 THEN NULL ELSE 'str' || (i % 100) END AS s, (i % 3 = 0) AS b, "
            + "(DATE '2020-01-01' + (i // 10)::INT) AS dt, (TIMESTAMP '2020-01-01' + INTERVAL (i) SECOND) AS ts, "
            + "(i / 100)::DECIMAL(18, 2) AS dec, (i % 5)::INT AS small, CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS halfnull "
            + "FROM range(0, " + ROWS + ") t(i)";

    @TempDir
    static Path dir;
    private static Connection duck;
    private static Path file;
    private long before;

    @BeforeAll
    static void write() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        file = dir.resolve("t.parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (" + SELECT + ") TO '" + file + "' (FORMAT PARQUET, ROW_GROUP_SIZE 4096)");
        }
    }

    @AfterAll
    static void closeDuck() throws SQLException {
        duck.close();
    }

    @BeforeEach
    void memBefore() {
        before = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(before, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    private static InputFile in() {
        return InputFiles.open(file.toString());
    }

    @Test
    void metadataAndStatistics() {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        assertEquals(ROWS, meta.numRows());
        assertTrue(meta.rowGroups().size() > 3, "expected several row groups, got " + meta.rowGroups().size());
        assertEquals(List.of("id", "d", "s", "b", "dt", "ts", "dec", "small", "halfnull"), meta.schema().names());
        assertEquals(DataType.INT64, meta.schema().field("id").dataType());
        assertEquals(DataType.UTF8, meta.schema().field("s").dataType());
        assertEquals(DataType.DATE, meta.schema().field("dt").dataType());
        assertEquals(DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty()), meta.schema().field("ts").dataType());
        assertEquals(DataType.decimal(18, 2), meta.schema().field("dec").dataType());
        long first = 0;
        for (RowGroupInfo g : meta.rowGroups()) {
            assertTrue(g.compressedBytes() > 0 && g.uncompressedBytes() > 0);
            ColumnStats id = g.stats(0).orElseThrow();
            assertEquals(first, id.min().orElseThrow());
            assertEquals(first + g.numRows() - 1, id.max().orElseThrow());
            assertEquals(0L, id.nullCount().orElseThrow());
            ColumnStats dec = g.stats(6).orElseThrow();
            assertEquals(0, BigDecimal.valueOf(first, 2).compareTo((BigDecimal) dec.min().orElseThrow()));
            ColumnStats dt = g.stats(4).orElseThrow();
            assertEquals(LocalDate.of(2020, 1, 1).toEpochDay() + first / 10, dt.min().orElseThrow());
            first += g.numRows();
        }
        ColumnStats s = meta.rowGroups().get(0).stats(2).orElseThrow();
        assertTrue(s.min().orElseThrow() instanceof String);
        assertTrue(s.nullCount().orElseThrow() > 0);
    }

    @Test
    void allColumnsEqualDuckDb() throws SQLException {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        List<Field> fields = meta.schema().fields();
        List<List<String>> ours = ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults());
        assertEquals(ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, file.toString(), null), fields), ours);
    }

    @Test
    void projectionInGivenOrder() throws SQLException {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        List<String> cols = List.of("s", "id", "halfnull");
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(in(), meta, ParquetReadOptions.defaults().withColumns(cols))) {
            try (RecordBatch b = it.next()) {
                assertEquals(cols, b.schema().names());
            }
        }
        List<Field> fields = meta.schema().select(cols).fields();
        assertEquals(ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, file.toString(), null), fields),
                ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults().withColumns(cols)));
    }

    @Test
    void emptyProjectionStillCountsRows() {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        long rows = 0;
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(in(), meta, ParquetReadOptions.defaults().withColumns(List.of()))) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    assertEquals(0, b.numColumns());
                    rows += b.rowCount();
                }
            }
        }
        assertEquals(ROWS, rows);
    }

    @Test
    void rowGroupSelection() throws SQLException {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        List<Field> fields = meta.schema().fields();
        long offset = meta.rowGroups().get(0).numRows() + meta.rowGroups().get(1).numRows();
        long n = meta.rowGroups().get(2).numRows();
        List<List<String>> ours = ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults().withRowGroups(List.of(2)));
        String sql = ParquetTestSupport.duckSelect(fields, file.toString(), null) + " LIMIT " + n + " OFFSET " + offset;
        assertEquals(ParquetTestSupport.readDuck(duck, sql, fields), ours);
        // in the order given, groups may repeat
        List<List<String>> twice = ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults().withRowGroups(List.of(2, 0)));
        assertEquals(n + meta.rowGroups().get(0).numRows(), twice.size());
        assertEquals(ours, twice.subList(0, (int) n));
    }

    @Test
    void batchSizeSplitsRowGroups() throws SQLException {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        int batches = 0;
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(in(), meta, ParquetReadOptions.defaults().withBatchSize(1000))) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    assertTrue(b.rowCount() <= 1000 && b.rowCount() > 0);
                    batches++;
                }
            }
        }
        assertTrue(batches >= ROWS / 1000);
        List<Field> fields = meta.schema().fields();
        assertEquals(ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, file.toString(), null), fields),
                ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults().withBatchSize(333)));
    }

    @Test
    void closingEarlyReleasesEverything() {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(in(), meta, ParquetReadOptions.defaults().withBatchSize(100))) {
            it.next().close();
        }
    }

    @Test
    void dictionaryAndNullsWithPlainFallback() throws SQLException, IOException {
        // low-cardinality strings get a dictionary; many distinct ones fall back to plain pages mid-chunk
        Path f = dir.resolve("dict.parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT CASE WHEN i % 5 = 0 THEN NULL WHEN i < 30000 THEN 'k' || (i % 10) ELSE 'u' || i END AS s, "
                    + "CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4)::DOUBLE END AS x, (i % 2 = 0) AS flag FROM range(0, 60000) t(i)) TO '"
                    + f + "' (FORMAT PARQUET, ROW_GROUP_SIZE 100000)");
        }
        InputFile file = InputFiles.open(f.toString());
        List<Field> fields = ParquetReader.readMetadata(file).schema().fields();
        assertEquals(ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, f.toString(), null), fields),
                ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults().withBatchSize(4097)));
    }

    /**
     * Dictionary-encoded string chunks hand their codes on with each batch: nulls are -1 and each code stands for
     * one value (per dictionary), also across the switch to plain pages (batches reaching it carry no codes).
     */
    @Test
    void dictionaryCodesStandForTheirValues() throws SQLException {
        Path f = dir.resolve("codes.parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT CASE WHEN i % 5 = 0 THEN NULL WHEN i < 30000 THEN 'k' || (i % 10) ELSE 'u' || i END AS s, "
                    + "i AS id FROM range(0, 60000) t(i)) TO '" + f + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");
        }
        int coded = 0;
        int uncoded = 0;
        java.util.Map<Object, java.util.Map<Integer, String>> valueOf = new java.util.IdentityHashMap<>();
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(InputFiles.open(f.toString()),
                ParquetReader.readMetadata(InputFiles.open(f.toString())), ParquetReadOptions.defaults().withBatchSize(3001))) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    assertTrue(b.dictionaryCodes(1).isEmpty(), "integer columns carry no codes");
                    Optional<io.daft.recordbatch.DictionaryCodes> codes = b.dictionaryCodes(0);
                    if (codes.isEmpty()) {
                        uncoded++;
                        continue;
                    }
                    coded++;
                    org.apache.arrow.vector.VarCharVector v = (org.apache.arrow.vector.VarCharVector) b.column(0);
                    java.util.Map<Integer, String> values = valueOf.computeIfAbsent(codes.get().dictionary(), d -> new java.util.HashMap<>());
                    for (int r = 0; r < b.rowCount(); r++) {
                        int code = codes.get().code(r);
                        if (v.isNull(r)) {
                            assertEquals(-1, code, "row " + r);
                            continue;
                        }
                        assertTrue(code >= 0 && code < codes.get().dictionarySize(), "code " + code);
                        String value = new String(v.get(r), java.nio.charset.StandardCharsets.UTF_8);
                        String before = values.putIfAbsent(code, value);
                        assertEquals(before == null ? value : before, value, "code " + code + " stands for two values");
                    }
                    assertEquals(values.size(), new java.util.HashSet<>(values.values()).size(), "two codes for one value");
                }
            }
        }
        assertTrue(coded >= 6, "batches of the dictionary row groups carry codes: " + coded);
        assertTrue(uncoded >= 1, "batches of plain pages carry none: " + uncoded);
    }

    @Test
    void nestedFromDuckDb() throws SQLException {
        Path f = dir.resolve("nested.parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT i AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE [i, NULL, i + 1][1:(i % 3) + 1] END AS l, "
                    + "CASE WHEN i % 6 = 0 THEN NULL ELSE {'a': i, 'b': CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' || i END} END AS st, "
                    + "[[i], [], NULL] AS ll, MAP {'k' || i: i} AS m FROM range(0, 3000) t(i)) TO '" + f + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1024)");
        }
        InputFile file = InputFiles.open(f.toString());
        List<Field> fields = ParquetReader.readMetadata(file).schema().fields();
        assertEquals(ParquetTestSupport.readDuck(duck, ParquetTestSupport.duckSelect(fields, f.toString(), null), fields),
                ParquetTestSupport.readOurs(file, ParquetReadOptions.defaults().withBatchSize(100)));
    }

    // ------------------------------------------------------------------------------------------------ pruning

    private static Expr col(String name) {
        return new ColumnRef(name);
    }

    @Test
    void pruningKeepsEveryPassingRow() throws SQLException {
        check(col("id").lt(Literal.of(500)), "id < 500", true);
        check(col("id").gte(Literal.of(45_000L)), "id >= 45000", true);
        check(Literal.of(45_000).lte(col("id")), "45000 <= id", true);
        check(col("id").eq(Literal.of(4321)), "id = 4321", true);
        check(col("id").neq(Literal.of(4321)), "id <> 4321", false);
        check(col("id").between(Literal.of(3000), Literal.of(3100)), "id BETWEEN 3000 AND 3100", true);
        check(col("id").isIn(List.of(Literal.of(5), Literal.of(49_999L))), "id IN (5, 49999)", true);
        check(col("id").lt(Literal.of(49_000)).not(), "NOT (id < 49000)", true);
        check(col("id").gt(Literal.of(100)).and(col("s").isNull()), "id > 100 AND s IS NULL", false);
        check(col("id").lt(Literal.of(10)).or(col("id").gt(Literal.of(49_990))), "id < 10 OR id > 49990", true);
        check(col("s").eq(Literal.of("str5")), "s = 'str5'", false);
        check(col("dt").lt(Literal.of(LocalDate.of(2020, 1, 20))), "dt < DATE '2020-01-20'", true);
        check(col("ts").gte(Literal.timestamp(1_577_836_800_000_000L + 48_000L * 1_000_000L, TimeUnit.MICROSECONDS, Optional.empty())),
                "ts >= TIMESTAMP '2020-01-01' + INTERVAL 48000 SECOND", true);
        // a millisecond literal against a microsecond column
        check(col("ts").lt(Literal.timestamp(1_577_836_800_000L + 1000L * 1000L, TimeUnit.MILLISECONDS, Optional.empty())),
                "ts < TIMESTAMP '2020-01-01' + INTERVAL 1000 SECOND", true);
        // decimals at another scale, ints against doubles
        check(col("dec").gt(Literal.decimal(new BigDecimal("480.5"), 10, 1)), "dec > 480.5", true);
        check(col("d").lt(Literal.of(10)), "d < 10", true);
        check(col("id").lt(Literal.of(100.5)), "id < 100.5", true);
        check(col("halfnull").notNull().and(col("id").lt(Literal.of(5))), "halfnull IS NOT NULL AND id < 5", true);
        check(col("id").eq(Literal.nullOf(DataType.INT64)), "id = NULL", false);
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        for (RowGroupInfo g : meta.rowGroups()) {
            assertFalse(RowGroupPruner.mayMatch(col("id").eq(Literal.nullOf(DataType.INT64)), g, meta.schema()), "= NULL is never true");
        }
        check(col("id").plus(Literal.of(1)).lt(Literal.of(10)), "id + 1 < 10", false);
    }

    /** Pruned reads must hold every row DuckDB's filter passes; {@code selective}: some row group must go. */
    private void check(Expr filter, String sql, boolean selective) throws SQLException {
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        List<Field> fields = meta.schema().fields();
        List<long[]> kept = new ArrayList<>();   // [first row, row count] of the groups that stay
        long first = 0;
        for (RowGroupInfo g : meta.rowGroups()) {
            if (RowGroupPruner.mayMatch(filter, g, meta.schema())) {
                kept.add(new long[] {first, g.numRows()});
            }
            first += g.numRows();
        }
        if (selective) {
            assertTrue(kept.size() < meta.rowGroups().size(), "nothing pruned for " + sql);
        }
        List<List<String>> ours = ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults().withFilter(filter));
        long keptRows = kept.stream().mapToLong(k -> k[1]).sum();
        assertEquals(keptRows, ours.size(), sql);
        // every passing row (by its row number) must be in a kept group, with the same values
        String q = ParquetTestSupport.duckSelect(fields, file.toString(), sql).replace(" FROM read_parquet('" + file + "')",
                ", file_row_number FROM read_parquet('" + file + "', file_row_number = true)");
        List<Field> withRowNumber = new ArrayList<>(fields);
        withRowNumber.add(Field.of("file_row_number", DataType.INT64));
        int passing = 0;
        for (List<String> row : ParquetTestSupport.readDuck(duck, q, withRowNumber)) {
            long rowNumber = Long.parseLong(row.get(row.size() - 1));
            long base = 0;
            boolean found = false;
            for (long[] k : kept) {
                if (rowNumber >= k[0] && rowNumber < k[0] + k[1]) {
                    assertEquals(row.subList(0, fields.size()), ours.get((int) (base + rowNumber - k[0])), sql + " row " + rowNumber);
                    found = true;
                    break;
                }
                base += k[1];
            }
            assertTrue(found, sql + ": row " + rowNumber + " passes but its row group was pruned");
            passing++;
        }
        if (selective) {
            assertTrue(passing > 0, "test filter " + sql + " passes no row");
        }
    }

    @Test
    void allNullRowGroupPrunesComparisons() {
        RowGroupInfo g = new RowGroupInfo(10, 1, 1, List.of(Optional.of(
                new ColumnStats(Optional.empty(), Optional.empty(), java.util.OptionalLong.of(10)))));
        io.daft.core.Schema schema = io.daft.core.Schema.of(Field.of("x", DataType.INT32));
        assertFalse(RowGroupPruner.mayMatch(col("x").eq(Literal.of(1)), g, schema));
        assertTrue(RowGroupPruner.mayMatch(col("x").isNull(), g, schema));
        assertFalse(RowGroupPruner.mayMatch(col("x").notNull(), g, schema));
        assertTrue(RowGroupPruner.mayMatch(col("y").eq(Literal.of(1)), g, schema), "unknown column: may match");
    }

    @Test
    void nanAndUnknownStatsNeverPrune() {
        io.daft.core.Schema schema = io.daft.core.Schema.of(Field.of("x", DataType.FLOAT64));
        RowGroupInfo g = new RowGroupInfo(10, 1, 1, List.of(Optional.of(
                new ColumnStats(Optional.of(1.0), Optional.of(2.0), java.util.OptionalLong.empty()))));
        assertTrue(RowGroupPruner.mayMatch(col("x").eq(Literal.of(Double.NaN)), g, schema));
        assertFalse(RowGroupPruner.mayMatch(col("x").lt(Literal.of(1.0)), g, schema));
        assertFalse(RowGroupPruner.mayMatch(col("x").eq(Literal.of(3.0)), g, schema));
        // statistics leave NaN out; a NaN row may pass > (engines that order NaN last) and NOT(<)
        assertTrue(RowGroupPruner.mayMatch(col("x").gt(Literal.of(2.0)), g, schema));
        assertTrue(RowGroupPruner.mayMatch(col("x").lt(Literal.of(5.0)).not(), g, schema));
        RowGroupInfo none = new RowGroupInfo(10, 1, 1, List.of(Optional.empty()));
        assertTrue(RowGroupPruner.mayMatch(col("x").gt(Literal.of(2.0)), none, schema));
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void truncatedFileFailsNamingIt() throws IOException {
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("truncated.parquet");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        DaftException e = assertThrows(DaftException.class, () -> ParquetReader.readMetadata(InputFiles.open(cut.toString())));
        assertTrue(e.getMessage().contains("truncated.parquet"), e.getMessage());
    }

    @Test
    void corruptColumnChunkFailsNamingFileAndColumn() throws IOException {
        byte[] all = Files.readAllBytes(file);
        // overwrite the start of the first column chunk (just after the magic): page headers become garbage
        for (int i = 4; i < 200; i++) {
            all[i] = (byte) 0x7f;
        }
        Path bad = dir.resolve("corrupt.parquet");
        Files.write(bad, all);
        InputFile f = InputFiles.open(bad.toString());
        DaftException e = assertThrows(DaftException.class, () -> ParquetTestSupport.readOurs(f, ParquetReadOptions.defaults()));
        assertTrue(e.getMessage().contains("corrupt.parquet") && e.getMessage().contains("'id'"), e.getMessage());
    }

    @Test
    void notParquetAndUnknownColumn() throws IOException {
        Path txt = dir.resolve("notes.parquet");
        Files.writeString(txt, "hello, this is not a parquet file at all");
        DaftException e = assertThrows(DaftException.class, () -> ParquetReader.readMetadata(InputFiles.open(txt.toString())));
        assertTrue(e.getMessage().contains("notes.parquet"), e.getMessage());
        ParquetFileMetadata meta = ParquetReader.readMetadata(in());
        DaftException e2 = assertThrows(DaftException.class,
                () -> ParquetReader.read(in(), meta, ParquetReadOptions.defaults().withColumns(List.of("nope"))));
        assertTrue(e2.getMessage().contains("nope") && e2.getMessage().contains("t.parquet"), e2.getMessage());
        assertThrows(DaftException.class, () -> ParquetReader.read(in(), meta, ParquetReadOptions.defaults().withRowGroups(List.of(999))));
    }

    @Test
    void readsNoHadoopClass() throws Exception {
        ParquetTestSupport.readOurs(in(), ParquetReadOptions.defaults().withBatchSize(10_000));
        boolean hadoop;
        try {
            Class.forName("org.apache.hadoop.conf.Configuration");
            hadoop = true;
        } catch (ClassNotFoundException e) {
            hadoop = false;
        }
        assertFalse(hadoop, "Hadoop must not be on the classpath");
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
