package io.daft.ops.window;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.ops.sort.Sorter;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every window function, frame type and key type against DuckDB on generated data with nulls (and NaNs) in
 * partition keys, order keys and values. Our input is sorted with {@link Sorter} by (partition, order, id) and
 * DuckDB's result is ordered the same way; {@code id} is unique, so the row order is total. Row-dependent
 * calls (ROW_NUMBER, NTILE, LAG/LEAD, ROWS frames, FIRST/LAST/NTH_VALUE) also order the window by id, so
 * DuckDB's answer is deterministic; peer-dependent calls (RANK, RANGE frames) do not.
 */
class WindowDuckDbTest {
    private static final int ROWS = 2_500;
    private static final DataType DEC = TestData.DEC;
    private static Connection duck;
    private static Schema schema;
    private static List<Object[]> data;
    private static RecordBatch table;
    private long baseline;

    @BeforeAll
    static void setUp() throws Exception {
        Random rnd = new Random(42);
        List<Field> fields = new ArrayList<>();
        data = new ArrayList<>();
        addColumn(fields, "p_int", DataType.INT32, rnd, 7, 0.1, false);
        addColumn(fields, "p_utf8", DataType.UTF8, rnd, 4, 0.1, false);
        addColumn(fields, "p_date", DataType.DATE, rnd, 30, 0.05, false);
        addColumn(fields, "o_int64", DataType.INT64, rnd, 40, 0.1, false);
        addColumn(fields, "o_int32", DataType.INT32, rnd, 300, 0.1, false);
        addColumn(fields, "o_f64", DataType.FLOAT64, rnd, 40, 0.1, true);
        addColumn(fields, "o_f32", DataType.FLOAT32, rnd, 40, 0.05, false);
        // no NaN: DuckDB's RANGE offsets give NaN peers different frames (PostgreSQL and we keep them together)
        addColumn(fields, "o_f64b", DataType.FLOAT64, rnd, 40, 0.1, false);
        addColumn(fields, "o_date", DataType.DATE, rnd, 60, 0.1, false);
        addColumn(fields, "o_dec", DEC, rnd, 60, 0.1, false);
        addColumn(fields, "o_utf8", DataType.UTF8, rnd, 20, 0.1, false);
        addColumn(fields, "o_bool", DataType.BOOLEAN, rnd, 2, 0.1, false);
        for (DataType t : TestData.FLAT_TYPES) {
            addColumn(fields, "v_" + TestData.shortName(t), t, rnd, 100, 0.15, true);
        }
        Object[] ids = new Object[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ids[i] = (long) i * 3 - 1000; // unique, spaced, crossing zero (RANGE offsets over id)
        }
        data.add(ids);
        fields.add(Field.of("id", DataType.INT64));
        schema = new Schema(fields);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        TestData.load(duck, "t", schema, data);
        table = TestData.batch(schema, data, 0, ROWS);
    }

    private static void addColumn(List<Field> fields, String name, DataType t, Random rnd, int card, double nulls,
                                  boolean nan) {
        fields.add(Field.of(name, t));
        data.add(TestData.column(t, ROWS, rnd, card, nulls, nan));
    }

    @AfterAll
    static void tearDown() throws Exception {
        table.close();
        duck.close();
    }

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        SORTED.values().forEach(RecordBatch::close);
        SORTED.clear();
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    /** Sorted copies of the table by sort-key description, reused by the checks of one test. */
    private static final Map<String, RecordBatch> SORTED = new HashMap<>();

    private static RecordBatch sorted(int[] keys, boolean[] desc, boolean[] nullsFirst) {
        String k = Arrays.toString(keys) + Arrays.toString(desc) + Arrays.toString(nullsFirst);
        return SORTED.computeIfAbsent(k, x -> Sorter.sortBatch(table, keys, desc, nullsFirst));
    }

    private static int col(String name) {
        return schema.requireIndex(name);
    }

    /** One window spec: partition columns, order columns with directions. */
    private record Spec(String[] part, String[] order, boolean[] desc, boolean[] nullsFirst) {
        Spec withIdTiebreak() {
            String[] o = Arrays.copyOf(order, order.length + 1);
            o[order.length] = "id";
            boolean[] d = Arrays.copyOf(desc, desc.length + 1);
            boolean[] nf = Arrays.copyOf(nullsFirst, nullsFirst.length + 1);
            return new Spec(part, o, d, nf);
        }

        String sql() {
            StringBuilder sb = new StringBuilder();
            if (part.length > 0) {
                sb.append("PARTITION BY ").append(String.join(", ", part));
            }
            if (order.length > 0) {
                sb.append(sb.length() == 0 ? "" : " ").append("ORDER BY ").append(orderSql());
            }
            return sb.toString();
        }

        String orderSql() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < order.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(order[i]).append(desc[i] ? " DESC" : " ASC")
                        .append(nullsFirst[i] ? " NULLS FIRST" : " NULLS LAST");
            }
            return sb.toString();
        }
    }

    private static Spec spec(String[] part, String... order) {
        return new Spec(part, order, new boolean[order.length], new boolean[order.length]);
    }

    private static Spec spec(String[] part, String order, boolean desc, boolean nullsFirst) {
        return new Spec(part, new String[] {order}, new boolean[] {desc}, new boolean[] {nullsFirst});
    }

    private static final String[] NO_PART = {};
    private static final String[] P1 = {"p_int"};
    private static final String[] P2 = {"p_utf8", "p_date"};

    private static String frameSql(WindowFrame f) {
        return (f.rows() ? "ROWS" : "RANGE") + " BETWEEN " + boundSql(f.start()) + " AND " + boundSql(f.end());
    }

    private static String boundSql(FrameBound b) {
        String k = b.offset() == Math.rint(b.offset()) ? Long.toString((long) b.offset()) : Double.toString(b.offset());
        switch (b.kind()) {
            case PRECEDING: return k + " PRECEDING";
            case FOLLOWING: return k + " FOLLOWING";
            default: return b.kind().name().replace('_', ' ');
        }
    }

    /**
     * Checks {@code fnSql OVER (spec [frame])} against our evaluation of {@code call}.
     *
     * @param withFrame whether to append the call's frame to the SQL
     */
    private static void check(String fnSql, WindowCall call, Spec spec, boolean withFrame) throws Exception {
        // sort rows as DuckDB's ORDER BY will: partition keys ascending nulls last, then the window order, then id
        int np = spec.part.length;
        int no = spec.order.length;
        int[] sortKeys = new int[np + no + 1];
        boolean[] sortDesc = new boolean[np + no + 1];
        boolean[] sortNf = new boolean[np + no + 1];
        StringBuilder orderBy = new StringBuilder();
        for (int i = 0; i < np; i++) {
            sortKeys[i] = col(spec.part[i]);
            orderBy.append(spec.part[i]).append(" ASC NULLS LAST, ");
        }
        int[] orderCols = new int[no];
        for (int i = 0; i < no; i++) {
            orderCols[i] = col(spec.order[i]);
            sortKeys[np + i] = orderCols[i];
            sortDesc[np + i] = spec.desc[i];
            sortNf[np + i] = spec.nullsFirst[i];
        }
        if (no > 0) {
            orderBy.append(spec.orderSql()).append(", ");
        }
        sortKeys[np + no] = col("id");
        orderBy.append("id");
        int[] partCols = new int[np];
        for (int i = 0; i < np; i++) {
            partCols[i] = col(spec.part[i]);
        }
        String over = spec.sql() + (withFrame ? " " + frameSql(call.frame()) : "");
        String sql = "SELECT id, " + TestData.wrap(fnSql + " OVER (" + over + ")", call.outputType())
                + " FROM t ORDER BY " + orderBy;
        List<List<Object>> expected = TestData.query(duck, sql, List.of(DataType.INT64, call.outputType()));
        List<List<Object>> actual;
        RecordBatch sorted = sorted(sortKeys, sortDesc, sortNf);
        try (RecordBatch out = WindowEvaluator.evaluate(sorted, partCols, orderCols, spec.desc, spec.nullsFirst,
                     List.of(call));
             RecordBatch sel = out.select(new int[] {col("id"), schema.size()})) {
            assertEquals(schema.size() + 1, out.numColumns());
            assertEquals(call.outputName(), out.schema().field(schema.size()).name());
            assertEquals(call.outputType(), out.schema().field(schema.size()).dataType());
            actual = TestData.rows(sel);
        }
        TestData.assertRowsEqual(expected, actual, sql);
    }

    private static WindowCall call(WindowOp op, String input, long offset, WindowFrame frame, DataType out) {
        return new WindowCall(op, input == null ? -1 : col(input), offset, -1, frame, "w", out);
    }

    private static List<Spec> peerSpecs() {
        List<Spec> specs = new ArrayList<>();
        String[] orders = {"o_int64", "o_int32", "o_f64", "o_f32", "o_date", "o_dec", "o_utf8", "o_bool"};
        for (int i = 0; i < orders.length; i++) {
            String[] part = i % 3 == 0 ? NO_PART : i % 3 == 1 ? P1 : P2;
            for (int m = 0; m < 4; m++) {
                specs.add(spec(part, orders[i], (m & 1) != 0, (m & 2) != 0));
            }
        }
        specs.add(new Spec(P1, new String[] {"o_bool", "o_utf8", "o_f64"}, new boolean[] {false, true, false},
                new boolean[] {true, false, false}));
        specs.add(new Spec(P2, new String[] {"o_dec", "o_int64"}, new boolean[] {true, true},
                new boolean[] {false, true}));
        specs.add(spec(P2));
        specs.add(spec(NO_PART));
        return specs;
    }

    @Test
    void rankingFunctions() throws Exception {
        for (Spec s : peerSpecs()) {
            check("rank()", call(WindowOp.RANK, null, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), s, false);
            check("dense_rank()", call(WindowOp.DENSE_RANK, null, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), s, false);
            check("percent_rank()", call(WindowOp.PERCENT_RANK, null, 0, WindowFrame.DEFAULT_ORDERED, DataType.FLOAT64), s, false);
            check("cume_dist()", call(WindowOp.CUME_DIST, null, 0, WindowFrame.DEFAULT_ORDERED, DataType.FLOAT64), s, false);
            Spec total = s.withIdTiebreak();
            check("row_number()", call(WindowOp.ROW_NUMBER, null, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), total, false);
        }
        Spec s = spec(P1, "o_int32", false, true).withIdTiebreak();
        for (long n : new long[] {1, 2, 3, 7, 1000}) {
            check("ntile(" + n + ")", call(WindowOp.NTILE, null, n, WindowFrame.DEFAULT_ORDERED, DataType.INT64), s, false);
        }
    }

    @Test
    void lagAndLeadOfEveryType() throws Exception {
        Spec s = spec(P2, "o_f64", true, false).withIdTiebreak();
        Spec s2 = spec(NO_PART, "o_utf8", false, true).withIdTiebreak();
        for (DataType t : TestData.FLAT_TYPES) {
            String v = "v_" + TestData.shortName(t);
            for (long off : new long[] {0, 1, 3}) {
                check("lag(" + v + ", " + off + ")", call(WindowOp.LAG, v, off, WindowFrame.DEFAULT_ORDERED, t), s, false);
                check("lead(" + v + ", " + off + ")", call(WindowOp.LEAD, v, off, WindowFrame.DEFAULT_ORDERED, t), s2, false);
            }
            // the value column is its own default: rows off the partition's edge read their own value
            WindowCall lag = new WindowCall(WindowOp.LAG, col(v), 2, col(v), WindowFrame.DEFAULT_ORDERED, "w", t);
            check("lag(" + v + ", 2, " + v + ")", lag, s, false);
            WindowCall lead = new WindowCall(WindowOp.LEAD, col(v), 1, col(v), WindowFrame.DEFAULT_ORDERED, "w", t);
            check("lead(" + v + ", 1, " + v + ")", lead, s2, false);
        }
    }

    private static final List<WindowFrame> ROW_FRAMES = List.of(
            WindowFrame.WHOLE_PARTITION,
            new WindowFrame(true, FrameBound.UNBOUNDED_PRECEDING, FrameBound.CURRENT_ROW),
            new WindowFrame(true, FrameBound.preceding(2), FrameBound.CURRENT_ROW),
            new WindowFrame(true, FrameBound.preceding(3), FrameBound.following(2)),
            new WindowFrame(true, FrameBound.CURRENT_ROW, FrameBound.UNBOUNDED_FOLLOWING),
            new WindowFrame(true, FrameBound.following(1), FrameBound.following(4)),
            new WindowFrame(true, FrameBound.preceding(5), FrameBound.preceding(1)),
            new WindowFrame(true, FrameBound.preceding(0), FrameBound.following(0)),
            new WindowFrame(true, FrameBound.UNBOUNDED_PRECEDING, FrameBound.preceding(2)),
            new WindowFrame(true, FrameBound.following(2), FrameBound.UNBOUNDED_FOLLOWING),
            new WindowFrame(true, FrameBound.preceding(1), FrameBound.preceding(3)),
            new WindowFrame(true, FrameBound.following(3), FrameBound.following(1)),
            new WindowFrame(true, FrameBound.preceding(1_000_000), FrameBound.following(1_000_000)));

    private static boolean inverted(WindowFrame f) {
        FrameBound a = f.start();
        FrameBound b = f.end();
        return a.kind() == b.kind() && (a.kind() == FrameBound.Kind.PRECEDING ? a.offset() < b.offset()
                : a.kind() == FrameBound.Kind.FOLLOWING && a.offset() > b.offset());
    }

    private static final List<WindowFrame> RANGE_FRAMES = List.of(
            WindowFrame.DEFAULT_ORDERED,
            new WindowFrame(false, FrameBound.CURRENT_ROW, FrameBound.CURRENT_ROW),
            new WindowFrame(false, FrameBound.CURRENT_ROW, FrameBound.UNBOUNDED_FOLLOWING),
            new WindowFrame(false, FrameBound.UNBOUNDED_PRECEDING, FrameBound.UNBOUNDED_FOLLOWING));

    /** RANGE frames with offsets (need one numeric or date order column). */
    private static final List<WindowFrame> RANGE_OFFSET_FRAMES = List.of(
            new WindowFrame(false, FrameBound.preceding(3), FrameBound.CURRENT_ROW),
            new WindowFrame(false, FrameBound.preceding(10), FrameBound.following(5)),
            new WindowFrame(false, FrameBound.CURRENT_ROW, FrameBound.following(7)),
            new WindowFrame(false, FrameBound.UNBOUNDED_PRECEDING, FrameBound.preceding(4)),
            new WindowFrame(false, FrameBound.following(2), FrameBound.UNBOUNDED_FOLLOWING),
            new WindowFrame(false, FrameBound.following(1), FrameBound.following(20)),
            new WindowFrame(false, FrameBound.preceding(0), FrameBound.following(0)));

    /** (sql function, op, output type) for the aggregates applicable to a value type. */
    private static List<Object[]> aggregates(DataType t) {
        String v = "v_" + TestData.shortName(t);
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"count(" + v + ")", WindowOp.COUNT, DataType.INT64});
        out.add(new Object[] {"min(" + v + ")", WindowOp.MIN, t});
        out.add(new Object[] {"max(" + v + ")", WindowOp.MAX, t});
        if (t.isNumeric()) {
            DataType sum = t.id() == TypeId.DECIMAL ? DataType.decimal(38, t.scale())
                    : t.isFloating() ? DataType.FLOAT64 : DataType.INT64;
            out.add(new Object[] {"sum(" + v + ")", WindowOp.SUM, sum});
            out.add(new Object[] {"avg(" + v + ")", WindowOp.MEAN, DataType.FLOAT64});
        }
        return out;
    }

    private static void checkAggregates(DataType t, WindowFrame frame, Spec spec, boolean withFrame) throws Exception {
        String v = "v_" + TestData.shortName(t);
        for (Object[] a : aggregates(t)) {
            check((String) a[0], call((WindowOp) a[1], v, 0, frame, (DataType) a[2]), spec, withFrame);
        }
    }

    @Test
    void aggregatesOverRowsFrames() throws Exception {
        int i = 0;
        for (WindowFrame f : ROW_FRAMES) {
            for (DataType t : TestData.FLAT_TYPES) {
                Spec s = (i++ % 2 == 0 ? spec(P1, "o_int64", false, false) : spec(P2, "o_utf8", true, true))
                        .withIdTiebreak();
                checkAggregates(t, f, s, true);
            }
            if (inverted(f)) {
                continue; // DuckDB 1.4 answers count(*) = -1 for these empty frames; WindowEvaluatorTest checks 0
            }
            check("count(*)", call(WindowOp.COUNT_ALL, null, 0, f, DataType.INT64), spec(P1, "o_f64", false, true)
                    .withIdTiebreak(), true);
        }
    }

    @Test
    void aggregatesOverDefaultAndPeerFrames() throws Exception {
        List<Spec> specs = peerSpecs();
        int i = 0;
        for (WindowFrame f : RANGE_FRAMES) {
            for (DataType t : TestData.FLAT_TYPES) {
                Spec s = specs.get(i++ % specs.size());
                checkAggregates(t, f, s, true);
            }
            check("count(*)", call(WindowOp.COUNT_ALL, null, 0, f, DataType.INT64), specs.get(i++ % specs.size()), true);
        }
        // no ORDER BY: the default frame is the whole partition (every row a peer)
        for (DataType t : TestData.FLAT_TYPES) {
            checkAggregates(t, WindowFrame.DEFAULT_ORDERED, spec(P2), false);
            checkAggregates(t, WindowFrame.WHOLE_PARTITION, spec(NO_PART), false);
        }
        // ORDER BY without a frame: RANGE UNBOUNDED PRECEDING to CURRENT ROW (peers included)
        for (DataType t : TestData.FLAT_TYPES) {
            checkAggregates(t, WindowFrame.DEFAULT_ORDERED, spec(P1, "o_int32", true, false), false);
        }
    }

    @Test
    void aggregatesOverRangeOffsetFrames() throws Exception {
        String[] orders = {"o_int64", "o_int32", "o_f64b", "o_f32", "o_date", "o_dec", "id"};
        int i = 0;
        for (WindowFrame f : RANGE_OFFSET_FRAMES) {
            for (String o : orders) {
                for (int m = 0; m < 4; m++) {
                    Spec s = spec(i % 2 == 0 ? P1 : NO_PART, o, (m & 1) != 0, (m & 2) != 0);
                    DataType t = TestData.FLAT_TYPES.get(i++ % TestData.FLAT_TYPES.size());
                    checkAggregates(t, f, s, true);
                    check("count(*)", call(WindowOp.COUNT_ALL, null, 0, f, DataType.INT64), s, true);
                }
            }
        }
    }

    @Test
    void rangeOffsetsOnDecimalsAreExact() throws Exception {
        // 1.23 is not a double: the offset is applied to the unscaled decimal exactly
        WindowFrame f = new WindowFrame(false, FrameBound.preceding(1.23), FrameBound.following(0.01));
        for (int m = 0; m < 4; m++) {
            Spec s = spec(P1, "o_dec", (m & 1) != 0, (m & 2) != 0);
            check("count(*)", call(WindowOp.COUNT_ALL, null, 0, f, DataType.INT64), s, true);
            check("sum(v_int32)", call(WindowOp.SUM, "v_int32", 0, f, DataType.INT64), s, true);
        }
        WindowFrame g = new WindowFrame(false, FrameBound.preceding(2.5), FrameBound.following(1.5));
        check("count(*)", call(WindowOp.COUNT_ALL, null, 0, g, DataType.INT64), spec(P1, "o_int64", false, false), true);
        check("count(*)", call(WindowOp.COUNT_ALL, null, 0, g, DataType.INT64), spec(P1, "o_f64b", true, false), true);
    }

    @Test
    void firstLastNthValue() throws Exception {
        List<WindowFrame> frames = new ArrayList<>(ROW_FRAMES);
        frames.addAll(RANGE_FRAMES);
        int i = 0;
        for (WindowFrame f : frames) {
            for (DataType t : TestData.FLAT_TYPES) {
                String v = "v_" + TestData.shortName(t);
                // RANGE frames: a unique order key keeps the row order within the frame deterministic
                Spec s = f.rows() ? spec(i % 2 == 0 ? P1 : P2, "o_date", i % 3 == 0, false).withIdTiebreak()
                        : spec(i % 2 == 0 ? P1 : P2, "id", i % 3 == 0, false);
                i++;
                check("first_value(" + v + ")", call(WindowOp.FIRST_VALUE, v, 0, f, t), s, true);
                check("last_value(" + v + ")", call(WindowOp.LAST_VALUE, v, 0, f, t), s, true);
                check("nth_value(" + v + ", 3)", call(WindowOp.NTH_VALUE, v, 3, f, t), s, true);
            }
        }
        for (WindowFrame f : RANGE_OFFSET_FRAMES) {
            for (boolean desc : new boolean[] {false, true}) {
                Spec s = spec(P1, "id", desc, false);
                check("first_value(v_utf8)", call(WindowOp.FIRST_VALUE, "v_utf8", 0, f, DataType.UTF8), s, true);
                check("last_value(v_dec)", call(WindowOp.LAST_VALUE, "v_dec", 0, f, DEC), s, true);
                check("nth_value(v_float64, 2)", call(WindowOp.NTH_VALUE, "v_float64", 2, f, DataType.FLOAT64), s, true);
            }
        }
    }

    @Test
    void manyCallsInOneEvaluationShareTheLayout() throws Exception {
        Spec s = spec(P1, "o_int64", false, false).withIdTiebreak();
        WindowFrame f = new WindowFrame(true, FrameBound.preceding(2), FrameBound.following(1));
        List<WindowCall> calls = List.of(
                new WindowCall(WindowOp.ROW_NUMBER, -1, 0, -1, f, "rn", DataType.INT64),
                new WindowCall(WindowOp.SUM, col("v_int64"), 0, -1, f, "s", DataType.INT64),
                new WindowCall(WindowOp.MAX, col("v_utf8"), 0, -1, f, "mx", DataType.UTF8),
                new WindowCall(WindowOp.LAG, col("v_date"), 1, -1, f, "lg", DataType.DATE));
        int[] keys = {col("p_int"), col("o_int64"), col("id")};
        try (RecordBatch sorted = Sorter.sortBatch(table, keys, new boolean[3], new boolean[3]);
             RecordBatch out = WindowEvaluator.evaluate(sorted, new int[] {col("p_int")},
                     new int[] {col("o_int64"), col("id")}, new boolean[2], new boolean[2], calls);
             RecordBatch sel = out.select(new int[] {col("id"), schema.size(), schema.size() + 1,
                     schema.size() + 2, schema.size() + 3})) {
            String frame = " OVER (" + s.sql() + " " + frameSql(f) + ")";
            String sql = "SELECT id, row_number()" + frame + ", sum(v_int64)" + frame + ", max(v_utf8)" + frame
                    + ", " + TestData.wrap("lag(v_date, 1) OVER (" + s.sql() + ")", DataType.DATE)
                    + " FROM t ORDER BY p_int ASC NULLS LAST, o_int64 ASC NULLS LAST, id";
            List<List<Object>> expected = TestData.query(duck, sql,
                    List.of(DataType.INT64, DataType.INT64, DataType.INT64, DataType.UTF8, DataType.DATE));
            TestData.assertRowsEqual(expected, TestData.rows(sel), sql);
        }
    }

    /**
     * A random frame bound. RANGE offsets are never 0: DuckDB 1.4 gives peers different frames for a start of
     * "0 FOLLOWING" or an end of "0 PRECEDING" (it searches from the current row); PostgreSQL and we treat a
     * zero RANGE offset like CURRENT ROW (see WindowEvaluatorTest).
     */
    private static FrameBound randomBound(Random rnd, boolean start, boolean rows) {
        int k = rows ? rnd.nextInt(8) : 1 + rnd.nextInt(7);
        switch (rnd.nextInt(4)) {
            case 0: return start ? FrameBound.UNBOUNDED_PRECEDING : FrameBound.UNBOUNDED_FOLLOWING;
            case 1: return FrameBound.CURRENT_ROW;
            case 2: return FrameBound.preceding(k);
            default: return FrameBound.following(k);
        }
    }

    private static boolean rejected(WindowFrame f) {
        FrameBound.Kind a = f.start().kind();
        FrameBound.Kind b = f.end().kind();
        return (a == FrameBound.Kind.CURRENT_ROW && b == FrameBound.Kind.PRECEDING)
                || (a == FrameBound.Kind.FOLLOWING && (b == FrameBound.Kind.PRECEDING || b == FrameBound.Kind.CURRENT_ROW));
    }

    @Test
    void randomCombinations() throws Exception {
        Random rnd = new Random(7);
        String[] parts = {"p_int", "p_utf8", "p_date"};
        String[] rangeOrders = {"o_int64", "o_int32", "o_f64b", "o_f32", "o_date", "o_dec", "id"};
        String[] anyOrders = {"o_int64", "o_f64", "o_utf8", "o_bool", "o_dec", "o_date"};
        for (int iter = 0; iter < 200; iter++) {
            List<String> part = new ArrayList<>();
            for (String p : parts) {
                if (rnd.nextInt(3) == 0) {
                    part.add(p);
                }
            }
            boolean rows = rnd.nextBoolean();
            WindowFrame f = new WindowFrame(rows, randomBound(rnd, true, rows), randomBound(rnd, false, rows));
            if (rejected(f) || inverted(f)) {
                continue;
            }
            boolean offsets = f.start().kind() == FrameBound.Kind.PRECEDING || f.start().kind() == FrameBound.Kind.FOLLOWING
                    || f.end().kind() == FrameBound.Kind.PRECEDING || f.end().kind() == FrameBound.Kind.FOLLOWING;
            Spec s;
            if (f.rows()) {
                s = spec(part.toArray(new String[0]), anyOrders[rnd.nextInt(anyOrders.length)], rnd.nextBoolean(),
                        rnd.nextBoolean()).withIdTiebreak();
            } else if (offsets) {
                s = spec(part.toArray(new String[0]), rangeOrders[rnd.nextInt(rangeOrders.length)], rnd.nextBoolean(),
                        rnd.nextBoolean());
            } else {
                s = spec(part.toArray(new String[0]), anyOrders[rnd.nextInt(anyOrders.length)], rnd.nextBoolean(),
                        rnd.nextBoolean());
            }
            DataType t = TestData.FLAT_TYPES.get(rnd.nextInt(TestData.FLAT_TYPES.size()));
            List<Object[]> aggs = aggregates(t);
            Object[] a = aggs.get(rnd.nextInt(aggs.size()));
            check((String) a[0], call((WindowOp) a[1], "v_" + TestData.shortName(t), 0, f, (DataType) a[2]), s, true);
            if (f.rows() || "id".equals(s.order[0])) {
                String v = "v_" + TestData.shortName(t);
                check("last_value(" + v + ")", call(WindowOp.LAST_VALUE, v, 0, f, t), s, true);
            }
        }
    }
}
