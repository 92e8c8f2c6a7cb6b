package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed cases: edge cases of every function, frames, errors, ownership and leaks. */
class WindowEvaluatorTest {
    private long baseline;

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    private static final int[] NONE = {};
    private static final boolean[] NO_FLAGS = {};
    private static final boolean[] ASC = {false};

    /** A batch from (name, type, values...) column specs. */
    private static RecordBatch batch(Object[]... cols) {
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vs = new ArrayList<>();
        int n = ((Object[]) cols[0][2]).length;
        for (Object[] c : cols) {
            Field f = Field.of((String) c[0], (DataType) c[1]);
            fields.add(f);
            vs.add(TestData.vector(f, (Object[]) c[2], 0, n));
        }
        return RecordBatch.of(new Schema(fields), vs, n);
    }

    private static Object[] col(String name, DataType t, Object... values) {
        return new Object[] {name, t, values};
    }

    private static Object[] longs(String name, Long... values) {
        return col(name, DataType.INT64, (Object[]) values);
    }

    private static WindowCall call(WindowOp op, int input, long offset, WindowFrame frame, DataType out) {
        return new WindowCall(op, input, offset, -1, frame, "w", out);
    }

    private static WindowFrame rows(FrameBound a, FrameBound b) {
        return new WindowFrame(true, a, b);
    }

    private static WindowFrame range(FrameBound a, FrameBound b) {
        return new WindowFrame(false, a, b);
    }

    /** Values of the last column of evaluate(...) with one call. */
    private static List<Object> eval(RecordBatch b, int[] part, int[] order, boolean[] desc, boolean[] nf, WindowCall c) {
        try (RecordBatch out = WindowEvaluator.evaluate(b, part, order, desc, nf, List.of(c))) {
            FieldVector v = out.column(out.numColumns() - 1);
            List<Object> vals = new ArrayList<>();
            for (int i = 0; i < out.rowCount(); i++) {
                vals.add(TestData.get(v, i));
            }
            return vals;
        }
    }

    private static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    // p: partition (nulls last), o: order (asc, nulls last within each partition)
    private static RecordBatch ranked() {
        return batch(longs("p", 1L, 1L, 1L, 1L, 2L, null, null),
                longs("o", 10L, 10L, 20L, null, 5L, 1L, 1L),
                longs("v", 1L, 2L, null, 4L, 5L, 6L, 7L));
    }

    @Test
    void rankingFunctions() {
        try (RecordBatch b = ranked()) {
            int[] p = {0};
            int[] o = {1};
            WindowFrame f = WindowFrame.DEFAULT_ORDERED;
            assertEquals(list(1L, 2L, 3L, 4L, 1L, 1L, 2L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.ROW_NUMBER, -1, 0, f, DataType.INT64)));
            assertEquals(list(1L, 1L, 3L, 4L, 1L, 1L, 1L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.RANK, -1, 0, f, DataType.INT64)));
            assertEquals(list(1L, 1L, 2L, 3L, 1L, 1L, 1L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.DENSE_RANK, -1, 0, f, DataType.INT32)));
            assertEquals(list(0.0, 0.0, 2.0 / 3, 1.0, 0.0, 0.0, 0.0),
                    eval(b, p, o, ASC, ASC, call(WindowOp.PERCENT_RANK, -1, 0, f, DataType.FLOAT64)));
            assertEquals(list(0.5, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0),
                    eval(b, p, o, ASC, ASC, call(WindowOp.CUME_DIST, -1, 0, f, DataType.FLOAT64)));
            assertEquals(list(1L, 1L, 2L, 3L, 1L, 1L, 2L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.NTILE, -1, 3, f, DataType.INT64)));
            // no order columns: every row of a partition is a peer
            assertEquals(list(1L, 1L, 1L, 1L, 1L, 1L, 1L),
                    eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.RANK, -1, 0, f, DataType.INT64)));
            assertEquals(list(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
                    eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.CUME_DIST, -1, 0, f, DataType.FLOAT64)));
        }
    }

    @Test
    void ntileSplitsLikePostgres() {
        Long[] zeros = new Long[10];
        Arrays.fill(zeros, 0L);
        try (RecordBatch b = batch(longs("p", zeros))) {
            assertEquals(list(1L, 1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 3L),
                    eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS,
                            call(WindowOp.NTILE, -1, 3, WindowFrame.WHOLE_PARTITION, DataType.INT64)));
            assertEquals(list(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L),
                    eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS,
                            call(WindowOp.NTILE, -1, 50, WindowFrame.WHOLE_PARTITION, DataType.INT64)));
        }
    }

    @Test
    void lagLeadWithDefaultsOfAnotherType() {
        try (RecordBatch b = batch(longs("p", 1L, 1L, 1L, 2L),
                col("v", DataType.INT32, 10L, null, 30L, 40L),
                longs("d", -1L, -2L, null, -4L))) {
            WindowCall lag = new WindowCall(WindowOp.LAG, 1, 1, 2, WindowFrame.DEFAULT_ORDERED, "lag", DataType.INT64);
            assertEquals(list(-1L, 10L, null, -4L), eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS, lag));
            WindowCall lead = new WindowCall(WindowOp.LEAD, 1, 2, 2, WindowFrame.DEFAULT_ORDERED, "lead", DataType.INT64);
            assertEquals(list(30L, -2L, null, -4L), eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS, lead));
            WindowCall noDefault = new WindowCall(WindowOp.LEAD, 1, 1, -1, WindowFrame.DEFAULT_ORDERED, "l", DataType.INT32);
            assertEquals(list(null, 30L, null, null), eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS, noDefault));
            WindowCall zero = new WindowCall(WindowOp.LAG, 1, 0, -1, WindowFrame.DEFAULT_ORDERED, "l", DataType.INT32);
            assertEquals(list(10L, null, 30L, 40L), eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS, zero));
            // a negative LAG offset looks forward, as in DuckDB
            WindowCall back = new WindowCall(WindowOp.LAG, 1, -1, -1, WindowFrame.DEFAULT_ORDERED, "l", DataType.INT32);
            assertEquals(list(null, 30L, null, null), eval(b, new int[] {0}, NONE, NO_FLAGS, NO_FLAGS, back));
        }
    }

    @Test
    void aggregatesOverRowsFramesWithNulls() {
        try (RecordBatch b = ranked()) {
            int[] p = {0};
            int[] o = {1};
            WindowFrame sliding = rows(FrameBound.preceding(1), FrameBound.following(1));
            assertEquals(list(3L, 3L, 6L, 4L, 5L, 13L, 13L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.SUM, 2, 0, sliding, DataType.INT64)));
            assertEquals(list(2L, 2L, 2L, 1L, 1L, 2L, 2L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.COUNT, 2, 0, sliding, DataType.INT64)));
            assertEquals(list(2L, 3L, 3L, 2L, 1L, 2L, 2L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, sliding, DataType.INT64)));
            assertEquals(list(1.5, 1.5, 3.0, 4.0, 5.0, 6.5, 6.5),
                    eval(b, p, o, ASC, ASC, call(WindowOp.MEAN, 2, 0, sliding, DataType.FLOAT64)));
            assertEquals(list(1L, 1L, 2L, 4L, 5L, 6L, 6L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.MIN, 2, 0, sliding, DataType.INT64)));
            assertEquals(list(2L, 2L, 4L, 4L, 5L, 7L, 7L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.MAX, 2, 0, sliding, DataType.INT64)));
            // frames holding only nulls, or no rows, give null (count: 0)
            WindowFrame next = rows(FrameBound.following(1), FrameBound.following(1));
            assertEquals(list(2L, null, 4L, null, null, 7L, null),
                    eval(b, p, o, ASC, ASC, call(WindowOp.SUM, 2, 0, next, DataType.INT64)));
            assertEquals(list(1L, 0L, 1L, 0L, 0L, 1L, 0L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.COUNT, 2, 0, next, DataType.INT64)));
            WindowFrame inverted = rows(FrameBound.preceding(1), FrameBound.preceding(3));
            assertEquals(list(0L, 0L, 0L, 0L, 0L, 0L, 0L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, inverted, DataType.INT64)));
            assertEquals(list(null, null, null, null, null, null, null),
                    eval(b, p, o, ASC, ASC, call(WindowOp.MAX, 2, 0, inverted, DataType.INT64)));
            // running and whole-partition frames
            assertEquals(list(1L, 3L, 3L, 7L, 5L, 6L, 13L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.SUM, 2, 0,
                            rows(FrameBound.UNBOUNDED_PRECEDING, FrameBound.CURRENT_ROW), DataType.INT64)));
            assertEquals(list(7L, 7L, 7L, 7L, 5L, 13L, 13L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.SUM, 2, 0, WindowFrame.WHOLE_PARTITION, DataType.INT64)));
            // RANGE ... CURRENT ROW includes the peers (rows 0 and 1 tie on o = 10)
            assertEquals(list(3L, 3L, 3L, 7L, 5L, 13L, 13L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.SUM, 2, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64)));
        }
    }

    @Test
    void valueFunctionsOverFrames() {
        try (RecordBatch b = ranked()) {
            int[] p = {0};
            int[] o = {1};
            WindowFrame f = rows(FrameBound.preceding(1), FrameBound.following(1));
            assertEquals(list(1L, 1L, 2L, null, 5L, 6L, 6L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.FIRST_VALUE, 2, 0, f, DataType.INT64)));
            assertEquals(list(2L, null, 4L, 4L, 5L, 7L, 7L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.LAST_VALUE, 2, 0, f, DataType.INT64)));
            assertEquals(list(2L, 2L, null, 4L, null, 7L, 7L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.NTH_VALUE, 2, 2, f, DataType.INT64)));
            // LAST_VALUE with the default frame sees the last peer, not the current row
            assertEquals(list(2L, 2L, null, 4L, 5L, 7L, 7L),
                    eval(b, p, o, ASC, ASC, call(WindowOp.LAST_VALUE, 2, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64)));
        }
    }

    @Test
    void singleRowPartitions() {
        try (RecordBatch b = batch(longs("p", 1L, 2L, 3L), col("s", DataType.UTF8, "a", null, "c"))) {
            int[] p = {0};
            WindowFrame f = rows(FrameBound.preceding(2), FrameBound.following(2));
            assertEquals(list(1L, 1L, 1L), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.ROW_NUMBER, -1, 0, f, DataType.INT64)));
            assertEquals(list(0.0, 0.0, 0.0), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.PERCENT_RANK, -1, 0, f, DataType.FLOAT64)));
            assertEquals(list(1L, 1L, 1L), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.NTILE, -1, 4, f, DataType.INT64)));
            assertEquals(list(null, null, null), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.LAG, 1, 1, f, DataType.UTF8)));
            assertEquals(list("a", null, "c"), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MAX, 1, 0, f, DataType.UTF8)));
            assertEquals(list(1L, 0L, 1L), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.COUNT, 1, 0, f, DataType.INT64)));
            assertEquals(list("a", null, "c"), eval(b, p, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.FIRST_VALUE, 1, 0, f, DataType.UTF8)));
        }
    }

    @Test
    void emptyInput() {
        try (RecordBatch b = batch(longs("p"), col("v", DataType.FLOAT64));
             RecordBatch out = WindowEvaluator.evaluate(b, new int[] {0}, new int[] {1}, ASC, ASC, List.of(
                     new WindowCall(WindowOp.ROW_NUMBER, -1, 0, -1, WindowFrame.DEFAULT_ORDERED, "a", DataType.INT64),
                     new WindowCall(WindowOp.SUM, 1, 0, -1, range(FrameBound.preceding(2), FrameBound.CURRENT_ROW), "b",
                             DataType.FLOAT64),
                     new WindowCall(WindowOp.LAG, 1, 1, -1, WindowFrame.DEFAULT_ORDERED, "c", DataType.FLOAT64),
                     new WindowCall(WindowOp.MIN, 1, 0, -1, WindowFrame.WHOLE_PARTITION, "d", DataType.FLOAT64)))) {
            assertEquals(0, out.rowCount());
            assertEquals(6, out.numColumns());
            for (FieldVector v : out.columns()) {
                assertEquals(0, v.getValueCount());
            }
        }
    }

    @Test
    void outputSharesInputColumnsAndIsIndependentlyOwned() {
        RecordBatch b = ranked();
        RecordBatch out;
        try {
            out = WindowEvaluator.evaluate(b, new int[] {0}, new int[] {1}, ASC, ASC,
                    List.of(call(WindowOp.ROW_NUMBER, -1, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64)));
            assertEquals(b.column(2).getDataBuffer().memoryAddress(), out.column(2).getDataBuffer().memoryAddress(),
                    "input columns are shared, not copied");
            assertEquals("w", out.schema().field(3).name());
        } finally {
            b.close();
        }
        try (out) {
            assertEquals(7L, TestData.get(out.column(2), 6));
            assertEquals(4L, TestData.get(out.column(3), 3));
        }
    }

    @Test
    void int64SumsAreExactAndOverflowIsAnError() {
        long max = Long.MAX_VALUE;
        try (RecordBatch b = batch(longs("v", max, -max, max, max, -max))) {
            // running totals pass 2^63 at row 3; the frame sums all fit
            assertEquals(list(0L, max, max, max, 0L),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.SUM, 0, 0,
                            rows(FrameBound.preceding(1), FrameBound.following(1)), DataType.INT64)));
            assertEquals(list((double) max, 0.0, (double) max, 2.0 * max, (double) max),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.SUM, 0, 0,
                            rows(FrameBound.UNBOUNDED_PRECEDING, FrameBound.CURRENT_ROW), DataType.FLOAT64)));
            // a frame sum of 2^64 - 2 does not fit Int64 (wrapping arithmetic would give -2)
            DaftException e = assertThrows(DaftException.class, () -> eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS,
                    call(WindowOp.SUM, 0, 0, rows(FrameBound.CURRENT_ROW, FrameBound.following(1)), DataType.INT64)));
            assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("overflow"), e.getMessage());
        }
    }

    @Test
    void meanOfHugeIntegersIsExact() {
        long max = Long.MAX_VALUE;
        try (RecordBatch b = batch(longs("v", max, max, max))) {
            assertEquals(list((double) max, (double) max, (double) max),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MEAN, 0, 0, WindowFrame.WHOLE_PARTITION,
                            DataType.FLOAT64)));
        }
    }

    @Test
    void decimalSumsUse38DigitsAndFailBeyond() {
        DataType d38 = DataType.decimal(38, 0);
        BigDecimal big = new BigDecimal("60000000000000000000000000000000000000"); // 6e37
        try (RecordBatch b = batch(col("v", d38, big, big, big.negate(), BigDecimal.ONE))) {
            assertEquals(list(BigDecimal.ZERO, big.negate().add(BigDecimal.ONE), BigDecimal.ONE, null),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.SUM, 0, 0,
                            rows(FrameBound.following(1), FrameBound.following(2)), d38)));
            double mean = (6e37 + 1) / 4;
            assertEquals(list(mean, mean, mean, mean), eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS,
                    call(WindowOp.MEAN, 0, 0, WindowFrame.WHOLE_PARTITION, DataType.FLOAT64)));
            // 1.2e38 has 39 digits
            DaftException e = assertThrows(DaftException.class, () -> eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS,
                    call(WindowOp.SUM, 0, 0, rows(FrameBound.CURRENT_ROW, FrameBound.following(1)), d38)));
            assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        }
    }

    @Test
    void floatSumsDoNotCancelOrTurnInfinitiesIntoNaN() {
        double inf = Double.POSITIVE_INFINITY;
        try (RecordBatch b = batch(col("v", DataType.FLOAT64, 1e20, 1.0, 1.0, inf, 3.0, -inf, 2.0, 2.0))) {
            assertEquals(list(1e20, 1e20 + 1, 2.0, inf, inf, -inf, -inf, 4.0),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.SUM, 0, 0,
                            rows(FrameBound.preceding(1), FrameBound.CURRENT_ROW), DataType.FLOAT64)));
            assertEquals(list(1e20, 1.0, 1.0, 1.0, 3.0, -inf, -inf, 2.0),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MIN, 0, 0,
                            rows(FrameBound.preceding(1), FrameBound.CURRENT_ROW), DataType.FLOAT64)));
        }
    }

    @Test
    void rangeOffsetsKeepNullAndNaNPeersTogether() {
        double nan = Double.NaN;
        try (RecordBatch b = batch(col("o", DataType.FLOAT64, 1.0, 2.0, 4.0, nan, nan, null, null))) {
            int[] o = {0};
            WindowFrame f = range(FrameBound.preceding(1), FrameBound.following(1));
            assertEquals(list(2L, 2L, 1L, 2L, 2L, 2L, 2L),
                    eval(b, NONE, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, f, DataType.INT64)));
            WindowFrame upTo = range(FrameBound.UNBOUNDED_PRECEDING, FrameBound.preceding(1));
            assertEquals(list(0L, 1L, 2L, 5L, 5L, 7L, 7L),
                    eval(b, NONE, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, upTo, DataType.INT64)));
        }
        // descending, nulls first, dates (offset in days)
        try (RecordBatch b = batch(col("o", DataType.DATE, null, 20L, 18L, 17L, 10L))) {
            WindowFrame f = range(FrameBound.preceding(2), FrameBound.following(1));
            boolean[] desc = {true};
            boolean[] nf = {true};
            // 20: [22, 19] -> 20;  18: [20, 17] -> 20, 18, 17;  17: [19, 16] -> 18, 17;  10: [12, 9] -> 10
            assertEquals(list(1L, 1L, 3L, 2L, 1L),
                    eval(b, NONE, new int[] {0}, desc, nf, call(WindowOp.COUNT_ALL, -1, 0, f, DataType.INT64)));
            assertEquals(list(null, 20L, 20L, 18L, 10L),
                    eval(b, NONE, new int[] {0}, desc, nf, call(WindowOp.FIRST_VALUE, 0, 0, f, DataType.DATE)));
        }
    }

    @Test
    void intervalRangeOffsetsMoveDatesAndTimestampsInTime() {
        // 2024-01-31, 2024-02-29, 2024-03-01, 2024-03-31 as days since the epoch
        try (RecordBatch b = batch(col("d", DataType.DATE, 19753L, 19782L, 19783L, 19813L))) {
            int[] o = {0};
            // one month before 03-31 is 02-29 (the day clamps), before 02-29 is 01-29, before 03-01 is 02-01
            WindowFrame month = range(FrameBound.preceding(1, FrameBound.Unit.MONTHS), FrameBound.CURRENT_ROW);
            assertEquals(list(1L, 2L, 2L, 3L), eval(b, NONE, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, month, DataType.INT64)));
            // 36 hours before 03-01 00:00 reaches 02-29 00:00 but not 02-28
            WindowFrame hours = range(FrameBound.preceding(36 * 3_600_000L, FrameBound.Unit.MILLISECONDS), FrameBound.CURRENT_ROW);
            assertEquals(list(1L, 1L, 2L, 1L), eval(b, NONE, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, hours, DataType.INT64)));
            // three days, not three days' milliseconds taken as days
            WindowFrame days = range(FrameBound.CURRENT_ROW, FrameBound.following(3 * 86_400_000L, FrameBound.Unit.MILLISECONDS));
            assertEquals(list(1L, 2L, 1L, 1L), eval(b, NONE, o, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, days, DataType.INT64)));
        }
        long hour = 3_600_000_000L;
        DataType micros = DataType.timestamp(io.daft.core.TimeUnit.MICROSECONDS, java.util.Optional.empty());
        try (RecordBatch asc = batch(col("ts", micros, 0L, 6 * hour, 37 * hour / 2, 36 * hour));
             RecordBatch desc = batch(col("ts", micros, 36 * hour, 37 * hour / 2, 6 * hour, 0L))) {
            WindowFrame twelve = range(FrameBound.preceding(12 * 3_600_000L, FrameBound.Unit.MILLISECONDS), FrameBound.CURRENT_ROW);
            assertEquals(list(1L, 2L, 1L, 1L), eval(asc, NONE, new int[] {0}, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0, twelve, DataType.INT64)));
            // descending: PRECEDING rows have larger keys
            assertEquals(list(1L, 1L, 1L, 2L), eval(desc, NONE, new int[] {0}, new boolean[] {true}, ASC,
                    call(WindowOp.COUNT_ALL, -1, 0, twelve, DataType.INT64)));
        }
        try (RecordBatch b = batch(longs("o", 1L, 2L))) {
            assertThrows(DaftException.class, () -> eval(b, NONE, new int[] {0}, ASC, ASC, call(WindowOp.COUNT_ALL, -1, 0,
                    range(FrameBound.preceding(1, FrameBound.Unit.MONTHS), FrameBound.CURRENT_ROW), DataType.INT64)));
        }
    }

    @Test
    void zeroRangeOffsetsIncludeThePeersLikeCurrentRow() {
        try (RecordBatch b = batch(longs("o", 10L, 10L, 9L, 9L, 8L), longs("v", 1L, 2L, 3L, 4L, 5L))) {
            int[] o = {0};
            boolean[] desc = {true};
            boolean[] nf = {false};
            // as PostgreSQL: a RANGE offset of 0 is the peer group; peers always share a frame
            assertEquals(list(10L, 10L, 12L, 12L, 5L), eval(b, NONE, o, desc, nf, call(WindowOp.SUM, 1, 0,
                    range(FrameBound.following(0), FrameBound.following(1)), DataType.INT64)));
            assertEquals(list(3L, 3L, 10L, 10L, 12L), eval(b, NONE, o, desc, nf, call(WindowOp.SUM, 1, 0,
                    range(FrameBound.preceding(1), FrameBound.preceding(0)), DataType.INT64)));
        }
    }

    @Test
    void minMaxOfStringsBooleansAndWideDecimals() {
        DataType d38 = DataType.decimal(38, 2);
        BigDecimal huge = new BigDecimal("123456789012345678901234567890.12");
        try (RecordBatch b = batch(col("s", DataType.UTF8, "pear", "apple", null, "apricot", "zebra", ""),
                col("f", DataType.BOOLEAN, true, null, false, true, true, true),
                col("d", d38, huge, huge.negate(), BigDecimal.ONE.setScale(2), null, huge.add(BigDecimal.ONE), BigDecimal.ZERO.setScale(2)))) {
            WindowFrame f = rows(FrameBound.preceding(1), FrameBound.following(1));
            assertEquals(list("apple", "apple", "apple", "apricot", "", ""),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MIN, 0, 0, f, DataType.UTF8)));
            assertEquals(list("pear", "pear", "apricot", "zebra", "zebra", "zebra"),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MAX, 0, 0, f, DataType.UTF8)));
            assertEquals(list(true, false, false, false, true, true),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MIN, 1, 0, f, DataType.BOOLEAN)));
            assertEquals(list(huge, huge, BigDecimal.ONE.setScale(2), huge.add(BigDecimal.ONE),
                            huge.add(BigDecimal.ONE), huge.add(BigDecimal.ONE)),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MAX, 2, 0, f, d38)));
            assertEquals(list(huge.negate(), huge.negate(), huge.negate(), BigDecimal.ONE.setScale(2),
                            BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2)),
                    eval(b, NONE, NONE, NO_FLAGS, NO_FLAGS, call(WindowOp.MIN, 2, 0, f, d38)));
        }
    }

    @Test
    void duplicateOutputNamesFailWithoutLeaking() {
        try (RecordBatch b = ranked()) {
            long before = Memory.allocatedBytes();
            WindowCall c = call(WindowOp.ROW_NUMBER, -1, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64);
            assertThrows(DaftException.class, () -> WindowEvaluator.evaluate(b, new int[] {0}, new int[] {1}, ASC, ASC,
                    List.of(c, c)).close());
            assertEquals(before, Memory.allocatedBytes());
        }
    }

    @Test
    void badCallsAreClearErrors() {
        try (RecordBatch b = batch(longs("p", 1L, 1L), col("s", DataType.UTF8, "a", "b"), longs("o", 1L, 2L))) {
            WindowFrame rangeOff = range(FrameBound.preceding(1), FrameBound.CURRENT_ROW);
            assertError(b, new int[] {1, 2}, call(WindowOp.SUM, 2, 0, rangeOff, DataType.INT64), "exactly one ORDER BY");
            assertError(b, new int[] {1}, call(WindowOp.SUM, 2, 0, rangeOff, DataType.INT64), "numeric or date");
            assertError(b, new int[] {2}, call(WindowOp.SUM, 2, 0, rows(FrameBound.preceding(-1), FrameBound.CURRENT_ROW),
                    DataType.INT64), "non-negative");
            assertError(b, new int[] {2}, call(WindowOp.SUM, 2, 0, rows(FrameBound.preceding(1.5), FrameBound.CURRENT_ROW),
                    DataType.INT64), "whole number");
            assertError(b, new int[] {2}, call(WindowOp.SUM, 2, 0, rows(FrameBound.UNBOUNDED_FOLLOWING,
                    FrameBound.UNBOUNDED_FOLLOWING), DataType.INT64), "UNBOUNDED FOLLOWING");
            assertError(b, new int[] {2}, call(WindowOp.SUM, 2, 0, rows(FrameBound.following(1),
                    FrameBound.CURRENT_ROW), DataType.INT64), "following row");
            assertError(b, new int[] {2}, call(WindowOp.NTILE, -1, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), "NTILE");
            assertError(b, new int[] {2}, call(WindowOp.NTH_VALUE, 2, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), "NTH_VALUE");
            assertError(b, new int[] {2}, call(WindowOp.SUM, -1, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), "input column");
            assertError(b, new int[] {2}, call(WindowOp.SUM, 1, 0, WindowFrame.DEFAULT_ORDERED, DataType.INT64), "'w'");
        }
    }

    private void assertError(RecordBatch b, int[] order, WindowCall c, String fragment) {
        boolean[] flags = new boolean[order.length];
        long before = Memory.allocatedBytes();
        DaftException e = assertThrows(DaftException.class,
                () -> WindowEvaluator.evaluate(b, new int[] {0}, order, flags, flags, List.of(c)).close());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(before, Memory.allocatedBytes(), "nothing leaked on error");
    }

    @Test
    void slidingFramesAreLinear() {
        int n = 2_000_000;
        Long[] v = new Long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (long) ((i * 2654435761L) % 1000);
        }
        try (RecordBatch b = batch(longs("v", v))) {
            WindowFrame f = rows(FrameBound.preceding(5000), FrameBound.following(5000));
            long t0 = System.nanoTime();
            try (RecordBatch out = WindowEvaluator.evaluate(b, NONE, NONE, NO_FLAGS, NO_FLAGS, List.of(
                    call(WindowOp.MAX, 0, 0, f, DataType.INT64),
                    new WindowCall(WindowOp.SUM, 0, 0, -1, f, "s", DataType.INT64),
                    new WindowCall(WindowOp.MEAN, 0, 0, -1, f, "m", DataType.FLOAT64)))) {
                long secs = (System.nanoTime() - t0) / 1_000_000_000L;
                assertTrue(secs < 20, "took " + secs + " s");
                for (int i : new int[] {0, 4999, 5000, 777_777, n - 1}) {
                    long max = Long.MIN_VALUE;
                    long sum = 0;
                    for (int j = Math.max(0, i - 5000); j <= Math.min(n - 1, i + 5000); j++) {
                        max = Math.max(max, v[j]);
                        sum += v[j];
                    }
                    assertEquals(max, TestData.get(out.column(1), i));
                    assertEquals(sum, TestData.get(out.column(2), i));
                }
            }
        }
    }
}
