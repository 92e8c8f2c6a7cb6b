package io.daft.ops.hash;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Edge values of every type: encoded byte order must equal the SQL order, byte equality SQL equality. */
class KeyEncoderTest {
    private long baseline;

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static int compareDoubles(Object a, Object b) {
        double x = (Double) a;
        double y = (Double) b;
        // SQL order: -0.0 equals 0.0, NaN above everything and equal to itself
        if (x == y) {
            return 0;
        }
        return Double.compare(x, y);
    }

    private void check(DataType t, List<Object> values, Comparator<Object> order) {
        Object[] col = values.toArray(new Object[0]);
        col = Arrays.copyOf(col, col.length + 2); // two nulls
        Schema s = Schema.of(Field.of("x", t));
        try (RecordBatch b = TestData.batch(s, List.<Object[]>of(col), 0, col.length)) {
            for (int mode = 0; mode < 4; mode++) {
                boolean desc = (mode & 1) != 0;
                boolean nf = (mode & 2) != 0;
                EncodedKeys k = KeyEncoder.encode(b.columns(), col.length, new boolean[] {desc}, new boolean[] {nf});
                for (int i = 0; i < col.length; i++) {
                    for (int j = 0; j < col.length; j++) {
                        int expected;
                        if (col[i] == null || col[j] == null) {
                            expected = col[i] == null && col[j] == null ? 0 : (col[i] == null) == nf ? -1 : 1;
                        } else {
                            expected = order.compare(col[i], col[j]) * (desc ? -1 : 1);
                        }
                        String what = t + " desc=" + desc + " nullsFirst=" + nf + ": " + TestData.norm(col[i]) + " vs "
                                + TestData.norm(col[j]);
                        assertEquals(Integer.signum(expected), Integer.signum(k.compareRows(i, k, j)), what);
                        assertEquals(expected == 0, k.equalsRow(i, k, j), what);
                    }
                }
            }
        }
    }

    @Test
    void integersAndTemporals() {
        check(DataType.INT8, List.of(-128L, -1L, 0L, 1L, 127L), Comparator.comparing(o -> (Long) o));
        check(DataType.INT16, List.of(-32768L, -1L, 0L, 255L, 256L, 32767L), Comparator.comparing(o -> (Long) o));
        check(DataType.INT32, List.of((long) Integer.MIN_VALUE, -1L, 0L, 1L, 65536L, (long) Integer.MAX_VALUE),
                Comparator.comparing(o -> (Long) o));
        check(DataType.INT64, List.of(Long.MIN_VALUE, -1L, 0L, 1L, 1L << 40, Long.MAX_VALUE), Comparator.comparing(o -> (Long) o));
        check(DataType.DATE, List.of(-100_000L, -1L, 0L, 19_000L), Comparator.comparing(o -> (Long) o));
        check(TestData.TS, List.of(Long.MIN_VALUE + 1, -1L, 0L, 1_700_000_000_000_000L), Comparator.comparing(o -> (Long) o));
        check(DataType.BOOLEAN, List.of(true, false, true), Comparator.comparing(o -> (Boolean) o));
    }

    @Test
    void floats() {
        List<Object> v = List.of(Double.NEGATIVE_INFINITY, -1e300, -1.0, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1.0,
                1e300, Double.POSITIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L));
        check(DataType.FLOAT64, v, KeyEncoderTest::compareDoubles);
        List<Object> f = List.of((double) Float.NEGATIVE_INFINITY, -3.5, -0.0, 0.0, (double) Float.MIN_VALUE, 2.5,
                (double) Float.MAX_VALUE, (double) Float.POSITIVE_INFINITY, Double.NaN);
        check(DataType.FLOAT32, f, KeyEncoderTest::compareDoubles);
    }

    @Test
    void decimals() {
        BigDecimal max = new BigDecimal("99999999999999999999999999999999999999");
        List<Object> v = List.of(max.negate(), new BigDecimal("-18446744073709551616"), new BigDecimal("-1"), BigDecimal.ZERO,
                new BigDecimal("1"), new BigDecimal("9223372036854775808"), new BigDecimal("18446744073709551616"), max);
        check(DataType.decimal(38, 0), v, Comparator.comparing(o -> (BigDecimal) o));
    }

    @Test
    void stringsAndBinaryByUnsignedBytes() {
        List<Object> s = new ArrayList<>(List.of("", "a", "a\0", "a\0\0", "ab", "abcdefg", "abcdefgh", "abcdefgh\0",
                "abcdefghi", "abcdefgi", "abcdefghabcdefgh", "abcdefghabcdefgh\0", "é", "\uFFFF", "😀", "\u0001", "\u0001\u0001"));
        Comparator<Object> utf8 = (a, b) -> Arrays.compareUnsigned(((String) a).getBytes(StandardCharsets.UTF_8),
                ((String) b).getBytes(StandardCharsets.UTF_8));
        check(DataType.UTF8, s, utf8);
        List<Object> b = List.of(bytes(), bytes(0), bytes(0, 0), bytes(0, 1), bytes(1), bytes(0xFF), bytes(0xFF, 0),
                bytes(1, 2, 3, 4, 5, 6, 7, 8), bytes(1, 2, 3, 4, 5, 6, 7, 8, 0), bytes(1, 2, 3, 4, 5, 6, 7, 9),
                bytes(9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9), bytes(0x80));
        check(DataType.BINARY, b, (x, y) -> Arrays.compareUnsigned((byte[]) x, (byte[]) y));
    }

    @Test
    void multiColumnKeysOrderLexicographically() {
        Schema s = Schema.of(Field.of("a", DataType.UTF8), Field.of("b", DataType.INT32));
        List<Object[]> d = List.of(new Object[] {"ab", "a", "ab", null, "a"}, new Object[] {1L, 2L, -5L, 0L, null});
        try (RecordBatch b = TestData.batch(s, d, 0, 5)) {
            EncodedKeys k = KeyEncoder.encode(b.columns(), 5, new boolean[] {false, true}, new boolean[] {false, true});
            // expected order: ("a", null) ("a", 2) ("ab", 1) ("ab", -5) (null, 0)
            int[] order = {4, 1, 0, 2, 3};
            for (int i = 0; i + 1 < order.length; i++) {
                assertEquals(-1, Integer.signum(k.compareRows(order[i], k, order[i + 1])), "position " + i);
            }
        }
    }
}
