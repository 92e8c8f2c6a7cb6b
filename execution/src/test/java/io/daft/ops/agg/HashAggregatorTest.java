package io.daft.ops.agg;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggOp;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashAggregatorTest {
    private static final int ROWS = 20_000;
    private static Connection duck;
    private static Schema schema;
    private static List<Object[]> data;
    private long baseline;

    @BeforeAll
    static void setUp() throws Exception {
        Random rnd = new Random(42);
        List<Field> fields = new ArrayList<>();
        data = new ArrayList<>();
        for (DataType t : TestData.FLAT_TYPES) {
            fields.add(Field.of("k_" + TestData.shortName(t), t));
            data.add(TestData.column(t, ROWS, rnd, 15, 0.1, true));
        }
        addValue(fields, "v_i64", DataType.INT64, rnd, 1000);
        addValue(fields, "v_i32", DataType.INT32, rnd, 1000);
        addValue(fields, "v_f64", DataType.FLOAT64, rnd, 10_000);
        addValue(fields, "v_dec", TestData.DEC, rnd, 10_000);
        addValue(fields, "v_str", DataType.UTF8, rnd, 40);
        addValue(fields, "v_bool", DataType.BOOLEAN, rnd, 2);
        // a value column that is null in whole groups: every row of k_int8 = -7 ... -3 (mostly) is null
        schema = new Schema(fields);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        TestData.load(duck, "t", schema, data);
    }

    private static void addValue(List<Field> fields, String name, DataType t, Random rnd, int card) {
        fields.add(Field.of(name, t));
        data.add(TestData.column(t, ROWS, rnd, card, 0.15, false));
    }

    @AfterAll
    static void tearDown() throws Exception {
        duck.close();
    }

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    private static int col(String name) {
        return schema.requireIndex(name);
    }

    private static AggSpec spec(AggOp op, String column, String out) {
        int c = col(column);
        return new AggSpec(op, c, out, schema.field(c).dataType());
    }

    private static List<AggSpec> decomposableAggs() {
        List<AggSpec> a = new ArrayList<>();
        a.add(spec(AggOp.COUNT, "v_i64", "cnt"));
        a.add(AggSpec.countAll("cnt_all"));
        a.add(spec(AggOp.SUM, "v_i64", "sum_i64"));
        a.add(spec(AggOp.SUM, "v_i32", "sum_i32"));
        a.add(spec(AggOp.SUM, "v_f64", "sum_f64"));
        a.add(spec(AggOp.SUM, "v_dec", "sum_dec"));
        a.add(spec(AggOp.MEAN, "v_i32", "mean_i32"));
        a.add(spec(AggOp.MEAN, "v_f64", "mean_f64"));
        a.add(spec(AggOp.MEAN, "v_dec", "mean_dec"));
        for (DataType t : TestData.FLAT_TYPES) {
            String k = "k_" + TestData.shortName(t);
            a.add(spec(AggOp.MIN, k, "min_" + k));
            a.add(spec(AggOp.MAX, k, "max_" + k));
        }
        a.add(spec(AggOp.MIN, "v_str", "min_str"));
        a.add(spec(AggOp.MAX, "v_str", "max_str"));
        a.add(spec(AggOp.STDDEV, "v_f64", "sd_f64"));
        a.add(spec(AggOp.VARIANCE, "v_i64", "var_i64"));
        a.add(spec(AggOp.STDDEV_POP, "v_dec", "sdp_dec"));
        a.add(spec(AggOp.VAR_POP, "v_f64", "varp_f64"));
        a.add(spec(AggOp.BOOL_AND, "v_bool", "band"));
        a.add(spec(AggOp.BOOL_OR, "v_bool", "bor"));
        return a;
    }

    private static String sqlAgg(AggSpec a) {
        String c = a.op() == AggOp.COUNT_ALL ? "*" : '"' + schema.field(a.inputColumn()).name() + '"';
        String f;
        switch (a.op()) {
            case COUNT_ALL:
            case COUNT: f = "count(" + c + ")"; break;
            case COUNT_DISTINCT: f = "count(DISTINCT " + c + ")"; break;
            case SUM: f = "sum(" + c + ")"; break;
            case MEAN: f = "avg(" + c + ")"; break;
            case MIN: f = "min(" + c + ")"; break;
            case MAX: f = "max(" + c + ")"; break;
            case STDDEV: f = "stddev_samp(" + c + ")"; break;
            case STDDEV_POP: f = "stddev_pop(" + c + ")"; break;
            case VARIANCE: f = "var_samp(" + c + ")"; break;
            case VAR_POP: f = "var_pop(" + c + ")"; break;
            case BOOL_AND: f = "bool_and(" + c + ")"; break;
            case BOOL_OR: f = "bool_or(" + c + ")"; break;
            default: throw new AssertionError(a);
        }
        return TestData.wrap(f, a.resultType());
    }

    private static List<List<Object>> duckAgg(int[] groupCols, List<AggSpec> aggs) throws Exception {
        StringBuilder sel = new StringBuilder();
        StringBuilder group = new StringBuilder();
        List<DataType> types = new ArrayList<>();
        for (int g : groupCols) {
            Field f = schema.field(g);
            sel.append(sel.length() == 0 ? "" : ", ").append(TestData.wrap('"' + f.name() + '"', f.dataType()));
            group.append(group.length() == 0 ? "" : ", ").append('"').append(f.name()).append('"');
            types.add(f.dataType());
        }
        for (AggSpec a : aggs) {
            sel.append(sel.length() == 0 ? "" : ", ").append(sqlAgg(a));
            types.add(a.resultType());
        }
        String sql = "SELECT " + sel + " FROM t" + (groupCols.length == 0 ? "" : " GROUP BY " + group);
        return TestData.query(duck, sql, types);
    }

    /** Feeds rows [from, to) in uneven batches. */
    private static void feed(HashAggregator agg, int from, int to, long seed) {
        Random rnd = new Random(seed);
        int pos = from;
        while (pos < to) {
            int n = Math.min(to - pos, 1 + rnd.nextInt(3000));
            try (RecordBatch b = TestData.batch(schema, data, pos, pos + n)) {
                agg.add(b);
            }
            pos += n;
        }
    }

    private static List<List<Object>> single(int[] groupCols, List<AggSpec> aggs) {
        try (HashAggregator agg = new HashAggregator(schema, groupCols, aggs, AggMode.SINGLE)) {
            feed(agg, 0, ROWS, 1);
            try (RecordBatch out = agg.finish()) {
                assertEquals(HashAggregator.outputSchema(schema, groupCols, aggs), out.schema());
                return TestData.rows(out);
            }
        }
    }

    private static List<List<Object>> twoPhase(int[] groupCols, List<AggSpec> aggs) {
        Schema partialSchema = HashAggregator.partialSchema(schema, groupCols, aggs);
        int[] finalGroups = new int[groupCols.length];
        for (int i = 0; i < finalGroups.length; i++) {
            finalGroups[i] = i;
        }
        int[] cuts = {0, 3000, 3001, 11_000, ROWS};
        try (HashAggregator fin = new HashAggregator(partialSchema, finalGroups, aggs, AggMode.FINAL)) {
            for (int i = 0; i + 1 < cuts.length; i++) {
                try (HashAggregator part = new HashAggregator(schema, groupCols, aggs, AggMode.PARTIAL)) {
                    feed(part, cuts[i], cuts[i + 1], i + 7);
                    try (RecordBatch p = part.finish()) {
                        assertEquals(partialSchema, p.schema());
                        fin.add(p);
                    }
                }
            }
            try (RecordBatch out = fin.finish()) {
                return TestData.rows(out);
            }
        }
    }

    @Test
    void groupByEveryKeyTypeMatchesDuckDb() throws Exception {
        List<AggSpec> aggs = new ArrayList<>(decomposableAggs());
        aggs.add(spec(AggOp.COUNT_DISTINCT, "v_str", "cd_str"));
        aggs.add(spec(AggOp.COUNT_DISTINCT, "k_float64", "cd_f64"));
        for (DataType t : TestData.FLAT_TYPES) {
            int[] g = {col("k_" + TestData.shortName(t))};
            List<List<Object>> ours = single(g, aggs);
            TestData.assertSameRows(duckAgg(g, aggs), ours, 1, "group by " + t);
            assertTrue(ours.size() > 1);
        }
    }

    @Test
    void multiKeyGroupByMatchesDuckDb() throws Exception {
        List<AggSpec> aggs = decomposableAggs();
        int[] g = {col("k_utf8"), col("k_int32"), col("k_date"), col("k_boolean"), col("k_binary")};
        TestData.assertSameRows(duckAgg(g, aggs), single(g, aggs), g.length, "multi-key");
    }

    private static String pathOf(int[] groupCols) {
        try (HashAggregator agg = new HashAggregator(schema, groupCols, List.of(), AggMode.SINGLE);
             RecordBatch b = TestData.batch(schema, data, 0, 10)) {
            agg.add(b);
            return agg.groupPath();
        }
    }

    @Test
    void everyGroupingPathMatchesDuckDb() throws Exception {
        List<AggSpec> aggs = decomposableAggs();
        String[][] shapes = {
            {"long", "k_int64"},
            {"bytes", "k_binary"},
            {"packed64", "k_int16", "k_int8", "k_boolean"},
            {"packed64", "k_date", "k_int16"},
            {"packed128", "k_int32", "k_date"},
            {"packed128", "k_float64", "k_float32"},
            {"packed128", "k_ts", "k_date", "k_boolean"},
            {"encoded", "k_int64", "k_float64"},
            {"encoded", "k_dec"},
        };
        for (String[] shape : shapes) {
            int[] g = new int[shape.length - 1];
            for (int i = 1; i < shape.length; i++) {
                g[i - 1] = col(shape[i]);
            }
            assertEquals(shape[0], pathOf(g), Arrays.toString(shape));
            List<List<Object>> ours = single(g, aggs);
            TestData.assertSameRows(duckAgg(g, aggs), ours, g.length, "group by " + Arrays.toString(shape));
            assertTrue(ours.size() > 1);
        }
        assertEquals("global", pathOf(new int[0]));
    }

    /** Rows [0, ROWS) in uneven batches, as an iterator that owns them. */
    private static io.daft.core.CloseableIterator<RecordBatch> batches(long seed) {
        Random rnd = new Random(seed);
        List<RecordBatch> out = new ArrayList<>();
        for (int pos = 0; pos < ROWS; ) {
            int n = Math.min(ROWS - pos, 1 + rnd.nextInt(3000));
            out.add(TestData.batch(schema, data, pos, pos + n));
            pos += n;
        }
        return io.daft.execution.BatchIterators.of(out);
    }

    /** Runs a spilling aggregation within {@code limit} bytes; the output batches' rows, and whether it spilled. */
    private static List<List<Object>> spilling(int[] groupCols, List<AggSpec> aggs, AggMode mode, long limit, java.nio.file.Path tmp,
                                               boolean mustSpill) {
        List<List<Object>> rows = new ArrayList<>();
        spilling(groupCols, aggs, mode, limit, tmp, mustSpill, b -> rows.addAll(TestData.rows(b)));
        return rows;
    }

    private static void spilling(int[] groupCols, List<AggSpec> aggs, AggMode mode, long limit, java.nio.file.Path tmp,
                                 boolean mustSpill, java.util.function.Consumer<RecordBatch> sink) {
        io.daft.memory.MemoryPool pool = io.daft.memory.MemoryPool.global().child("test", limit);
        int outputs = 0;
        try (io.daft.spill.SpillSpace space = new io.daft.spill.SpillSpace(tmp, 0)) {
            Schema out = mode == AggMode.PARTIAL ? HashAggregator.partialSchema(schema, groupCols, aggs)
                    : HashAggregator.outputSchema(schema, groupCols, aggs);
            try (io.daft.core.CloseableIterator<RecordBatch> it = SpillingAggregation.open(batches(3), schema, groupCols, aggs, mode, out,
                    () -> pool.register("HashAggregate", true), space)) {
                while (it.hasNext()) {
                    try (RecordBatch b = it.next()) {
                        assertEquals(out, b.schema());
                        sink.accept(b);
                        outputs++;
                    }
                }
            }
            if (mustSpill) {
                assertTrue(mode == AggMode.PARTIAL ? outputs > 1 : space.bytesSpilled() > 0, "nothing spilled");
            }
            assertTrue(pool.peak() <= limit);
            assertEquals(0, pool.reserved());
        }
    }

    @Test
    void spillingAggregationMatchesDuckDbForEveryAggregate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        List<AggSpec> aggs = new ArrayList<>(decomposableAggs());
        aggs.add(spec(AggOp.COUNT_DISTINCT, "v_str", "cd_str"));
        aggs.add(spec(AggOp.COUNT_DISTINCT, "k_float64", "cd_f64"));
        int[] g = {col("k_utf8"), col("k_int32")};
        List<List<Object>> expected = duckAgg(g, aggs);
        TestData.assertSameRows(expected, spilling(g, aggs, AggMode.SINGLE, 256 << 10, tmp, true), g.length, "spilled SINGLE");
        TestData.assertSameRows(expected, spilling(g, aggs, AggMode.SINGLE, 1L << 30, tmp, false), g.length, "in memory");
        // PARTIAL passes its groups on when full; FINAL merges them (here all at once)
        List<AggSpec> dec = decomposableAggs();
        int[] finalGroups = {0, 1};
        Schema partial = HashAggregator.partialSchema(schema, g, dec);
        try (HashAggregator fin = new HashAggregator(partial, finalGroups, dec, AggMode.FINAL)) {
            int[] states = new int[1];
            spilling(g, dec, AggMode.PARTIAL, 256 << 10, tmp, true, b -> {
                states[0] += b.rowCount();
                fin.add(b);
            });
            assertTrue(states[0] > duckAgg(g, dec).size(), "partial states were emitted more than once per group");
            try (RecordBatch out = fin.finish()) {
                TestData.assertSameRows(duckAgg(g, dec), TestData.rows(out), g.length, "PARTIAL states passed on");
            }
        }
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.walk(tmp)) {
            assertTrue(left.noneMatch(java.nio.file.Files::isRegularFile), "spill files left");
        }
    }

    @Test
    void floatZerosAndNaNsAreOneGroupEach() {
        Schema s = Schema.of(Field.of("f", DataType.FLOAT64), Field.of("v", DataType.INT64));
        Object[] f = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000abcL), null, -0.0, null, 2.0};
        Object[] v = {1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L};
        List<Object[]> d = List.of(f, v);
        try (HashAggregator agg = new HashAggregator(s, new int[] {0},
                List.of(new AggSpec(AggOp.SUM, 1, "s", DataType.INT64)), AggMode.SINGLE)) {
            for (int pos = 0; pos < f.length; pos += 3) {
                try (RecordBatch b = TestData.batch(s, d, pos, Math.min(f.length, pos + 3))) {
                    agg.add(b);
                }
            }
            try (RecordBatch out = agg.finish()) {
                List<List<Object>> rows = TestData.rows(out);
                assertEquals(4, rows.size(), rows.toString());
                assertEquals(List.of(0.0, 35L), rows.get(0));
                assertEquals(Double.NaN, (Double) rows.get(1).get(0));
                assertEquals(12L, rows.get(1).get(1));
                assertEquals(Arrays.asList(null, 80L), rows.get(2));
                assertEquals(List.of(2.0, 128L), rows.get(3));
            }
        }
    }

    @Test
    void emptyStringIsItsOwnGroupApartFromNull() {
        Schema s = Schema.of(Field.of("k", DataType.UTF8));
        Object[] k = {"", null, "", "x", null, ""};
        try (HashAggregator agg = new HashAggregator(s, new int[] {0}, List.of(AggSpec.countAll("n")), AggMode.SINGLE);
             RecordBatch b = TestData.batch(s, List.<Object[]>of(k), 0, k.length)) {
            agg.add(b);
            agg.add(b);
            try (RecordBatch out = agg.finish()) {
                assertEquals(List.of(List.of("", 6L), Arrays.asList(null, 4L), List.of("x", 2L)), TestData.rows(out));
            }
        }
    }

    @Test
    void partialThenFinalEqualsSingle() throws Exception {
        List<AggSpec> aggs = decomposableAggs();
        for (int[] g : new int[][] {{col("k_utf8")}, {col("k_float32"), col("k_dec")}, {col("k_ts"), col("k_int8")}, {}}) {
            List<List<Object>> s = single(g, aggs);
            List<List<Object>> two = twoPhase(g, aggs);
            TestData.assertSameRows(s, two, g.length, "two-phase " + Arrays.toString(g));
            TestData.assertSameRows(duckAgg(g, aggs), two, g.length, "two-phase vs duckdb " + Arrays.toString(g));
        }
    }

    @Test
    void globalAggregateOfEmptyInputHasOneRow() {
        List<AggSpec> aggs = decomposableAggs();
        for (AggMode mode : AggMode.values()) {
            Schema in = mode == AggMode.FINAL ? HashAggregator.partialSchema(schema, new int[0], aggs) : schema;
            try (HashAggregator agg = new HashAggregator(in, new int[0], aggs, mode);
                 RecordBatch empty = RecordBatch.empty(in)) {
                agg.add(empty);
                try (RecordBatch out = agg.finish()) {
                    assertEquals(1, out.rowCount());
                    List<Object> row = TestData.rows(out).get(0);
                    assertEquals(0L, row.get(0), mode + " count");
                    assertEquals(0L, row.get(1), mode + " count(*)");
                    assertNull(row.get(2), mode + " sum");
                    if (mode != AggMode.PARTIAL) {
                        for (int i = 2; i < row.size(); i++) {
                            assertNull(row.get(i), mode + " column " + out.schema().field(i));
                        }
                    }
                }
            }
        }
    }

    @Test
    void groupedAggregateOfEmptyInputHasNoRows() {
        try (HashAggregator agg = new HashAggregator(schema, new int[] {col("k_utf8")}, decomposableAggs(), AggMode.SINGLE);
             RecordBatch out = agg.finish()) {
            assertEquals(0, out.rowCount());
        }
    }

    @Test
    void sumOverflowIsAnError() {
        Schema s = Schema.of(Field.of("x", DataType.INT64));
        List<Object[]> d = List.<Object[]>of(new Object[] {Long.MAX_VALUE, 1L});
        try (HashAggregator agg = new HashAggregator(s, new int[0],
                List.of(new AggSpec(AggOp.SUM, 0, "total", DataType.INT64)), AggMode.SINGLE);
             RecordBatch b = TestData.batch(s, d, 0, 2)) {
            DaftException e = assertThrows(DaftException.class, () -> agg.add(b));
            assertTrue(e.getMessage().contains("total"), e.getMessage());
        }
    }

    @Test
    void decimalSumWidensToPrecision38() {
        DataType t = DataType.decimal(38, 0);
        Schema s = Schema.of(Field.of("x", t));
        BigDecimal big = new BigDecimal("40000000000000000000000000000000000000");
        List<Object[]> d = List.<Object[]>of(new Object[] {big, big, new BigDecimal("-1")});
        try (HashAggregator agg = new HashAggregator(s, new int[0], List.of(new AggSpec(AggOp.SUM, 0, "s", t)), AggMode.SINGLE);
             RecordBatch b = TestData.batch(s, d, 0, 3)) {
            agg.add(b);
            try (RecordBatch out = agg.finish()) {
                assertEquals(new BigDecimal("79999999999999999999999999999999999999"), TestData.rows(out).get(0).get(0));
            }
        }
        try (HashAggregator agg = new HashAggregator(s, new int[0], List.of(new AggSpec(AggOp.SUM, 0, "s", t)), AggMode.SINGLE);
             RecordBatch b = TestData.batch(s, d, 0, 2)) {
            agg.add(b);
            assertThrows(DaftException.class, () -> agg.add(b));
        }
    }

    @Test
    void anyValueTakesFirstNonNull() {
        Schema s = Schema.of(Field.of("g", DataType.INT32), Field.of("v", DataType.UTF8));
        List<Object[]> d = List.of(new Object[] {1L, 2L, 1L, 2L, 1L}, new Object[] {null, "b", "a", "c", "z"});
        try (HashAggregator agg = new HashAggregator(s, new int[] {0},
                List.of(new AggSpec(AggOp.ANY_VALUE, 1, "v", DataType.UTF8)), AggMode.SINGLE);
             RecordBatch b = TestData.batch(s, d, 0, 5)) {
            agg.add(b);
            try (RecordBatch out = agg.finish()) {
                assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b")), TestData.rows(out));
            }
        }
    }

    @Test
    void countDistinctOnlyInSingleMode() {
        List<AggSpec> aggs = List.of(spec(AggOp.COUNT_DISTINCT, "v_str", "cd"));
        assertThrows(DaftException.class, () -> new HashAggregator(schema, new int[0], aggs, AggMode.PARTIAL));
    }

    @Test
    void distinctMatchesDuckDb() throws Exception {
        int[] g = {col("k_utf8"), col("k_boolean"), col("k_float32")};
        List<List<Object>> ours = single(g, List.of());
        TestData.assertSameRows(duckAgg(g, List.of()), ours, g.length, "distinct");
        DistinctFilter filter = new DistinctFilter(g);
        List<List<Object>> streamed = new ArrayList<>();
        for (int pos = 0; pos < ROWS; pos += 4000) {
            try (RecordBatch b = TestData.batch(schema, data, pos, pos + 4000); RecordBatch f = filter.filter(b);
                 RecordBatch keys = f.select(g)) {
                streamed.addAll(TestData.rows(keys));
            }
        }
        TestData.assertSameRows(ours, streamed, g.length, "distinct filter");
    }

    @Test
    void nullTypedColumnsAggregateToNullsAndGroupAsOne() {
        Schema s = Schema.of(Field.of("g", DataType.NULL), Field.of("x", DataType.NULL));
        List<AggSpec> aggs = List.of(new AggSpec(AggOp.COUNT, 1, "c", DataType.NULL), AggSpec.countAll("n"),
                new AggSpec(AggOp.SUM, 1, "s", DataType.NULL), new AggSpec(AggOp.MIN, 1, "m", DataType.NULL),
                new AggSpec(AggOp.MEAN, 1, "a", DataType.NULL), new AggSpec(AggOp.STDDEV, 1, "sd", DataType.NULL));
        try (HashAggregator agg = new HashAggregator(s, new int[] {0}, aggs, AggMode.SINGLE);
             RecordBatch b = RecordBatch.of(s, List.of(
                     io.daft.recordbatch.Vectors.nulls(s.field(0), 3), io.daft.recordbatch.Vectors.nulls(s.field(1), 3)), 3)) {
            agg.add(b);
            agg.add(b);
            try (RecordBatch out = agg.finish()) {
                List<Object> row = new ArrayList<>(Arrays.asList(null, 0L, 6L, null, null, null, null));
                assertEquals(List.of(row), TestData.rows(out));
            }
        }
    }
}
