package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.TypeRules;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import static io.daft.dsl.eval.TestTables.Column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decimal arithmetic on operands typed wider than 18 digits whose values fit longs (the 128-bit fast path, e.g.
 * TPC-H's {@code price * (1 - discount) * (1 + tax)}), and on batches where they do not or where scaling overflows
 * a long (the BigDecimal path): against DuckDB where its types agree, and against exact BigDecimal arithmetic.
 */
class DecimalFastPathTest {
    private static final Object N = null;

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** 16 rows: "narrow" columns hold long values only, "mixed" ones have one value beyond 64 bits. */
    static List<Column> columns() {
        return List.of(
                Column.of("w", DataType.decimal(30, 4), d("12345678901.2345"), d("-1.0001"), d("0"), N, d("922337203685477.5807"),
                        d("-922337203685477.5808"), d("1.5"), d("-0.0001"), d("99.99"), d("7"), N, d("100000000000000"), d("-3.3333"),
                        d("0.0001"), d("42"), d("-42")),
                Column.of("wmix", DataType.decimal(30, 4), d("12345678901.2345"), d("-1.0001"), d("0"), N, d("922337203685477.5808"),
                        d("-99999999999999999999999999.9999"), d("1.5"), d("-0.0001"), d("99.99"), d("7"), N, d("100000000000000"),
                        d("-3.3333"), d("0.0001"), d("42"), d("-42")),
                Column.of("m", DataType.decimal(15, 2), d("1.50"), d("-2.25"), d("0"), d("123.45"), d("9999999999999.99"),
                        d("-9999999999999.99"), d("-0.01"), N, d("2.50"), d("0.07"), d("3.33"), d("1"), N, d("-7.77"), d("42"), d("0.05")),
                Column.of("m2", DataType.decimal(16, 2), d("0.95"), d("1.04"), d("0.5"), d("1"), d("99999999999999.99"),
                        d("-99999999999999.99"), N, d("0.9"), d("1.08"), d("0"), d("2"), d("1.1"), d("0.93"), N, d("1"), d("-1")),
                Column.of("n38", DataType.decimal(38, 0), d("4611686018427387904"), d("-4611686018427387904"), d("1"), d("-1"), N,
                        d("9223372036854775807"), d("-9223372036854775808"), d("0"), d("123456789"), d("7"), d("3"), d("-3"), N,
                        d("1000000000000000000"), d("5"), d("-5")),
                Column.of("f", DataType.decimal(12, 4), d("1.0001"), d("-2.5"), d("0"), N, d("99999999.9999"), d("-99999999.9999"),
                        d("3.1416"), d("1"), d("-1"), d("0.0001"), d("42"), N, d("7.5"), d("-7.5"), d("2"), d("0")));
    }

    private static DuckDbOracle oracle;

    @BeforeAll
    static void setUp() throws Exception {
        oracle = new DuckDbOracle(columns());
    }

    @AfterAll
    static void tearDown() throws Exception {
        oracle.close();
    }

    private static Expr bin(BinaryOp op, String l, String r) {
        return new BinaryExpr(op, new ColumnRef(l), new ColumnRef(r));
    }

    private static final String[][] PAIRS = {
            {"w", "m"}, {"m", "w"}, {"w", "m2"}, {"wmix", "m"}, {"wmix", "m2"}, {"m2", "wmix"}, {"n38", "f"}, {"f", "n38"},
            {"w", "f"}, {"n38", "m"}, {"w", "w"}, {"w", "wmix"}, {"n38", "n38"},
    };

    /** Each result equals exact BigDecimal arithmetic rounded half up to the result scale, or overflows exactly when that does. */
    @TestFactory
    List<DynamicTest> exact() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] p : PAIRS) {
            for (BinaryOp op : new BinaryOp[]{BinaryOp.PLUS, BinaryOp.MINUS, BinaryOp.MULTIPLY}) {
                tests.add(DynamicTest.dynamicTest(p[0] + " " + op.symbol() + " " + p[1], () -> checkExact(op, p[0], p[1])));
            }
        }
        return tests;
    }

    private static void checkExact(BinaryOp op, String l, String r) {
        List<Column> cols = columns();
        Column a = cols.stream().filter(c -> c.name().equals(l)).findFirst().orElseThrow();
        Column b = cols.stream().filter(c -> c.name().equals(r)).findFirst().orElseThrow();
        DataType out = TypeRules.decimalArithmetic(op, a.type(), b.type());
        List<BigDecimal> expected = new ArrayList<>();
        boolean overflow = false;
        BigDecimal limit = BigDecimal.TEN.pow(out.precision());
        for (int i = 0; i < a.values().size(); i++) {
            BigDecimal x = (BigDecimal) a.values().get(i);
            BigDecimal y = (BigDecimal) b.values().get(i);
            if (x == null || y == null) {
                expected.add(null);
                continue;
            }
            BigDecimal z = op == BinaryOp.PLUS ? x.add(y) : op == BinaryOp.MINUS ? x.subtract(y) : x.multiply(y);
            z = z.setScale(out.scale(), RoundingMode.HALF_UP);
            overflow |= z.unscaledValue().abs().compareTo(limit.toBigInteger()) >= 0;
            expected.add(z);
        }
        long before = Memory.allocatedBytes();
        try (RecordBatch batch = TestTables.batch(cols)) {
            Expr e = bin(op, l, r);
            if (overflow) {
                DaftException ex = assertThrows(DaftException.class, () -> ExprEvaluator.eval(e, batch).close());
                assertTrue(ex.getMessage().contains("overflow"), ex.getMessage());
            } else {
                try (FieldVector v = ExprEvaluator.eval(e, batch)) {
                    assertEquals(out, io.daft.recordbatch.Vectors.fieldOf(v).dataType());
                    assertEquals(expected, TestTables.cells(v));
                }
            }
        }
        assertEquals(before, Memory.allocatedBytes(), "leak");
    }

    /** Where DuckDB's result types agree with ours (at most 38 digits without trading scale), its answers too. */
    @TestFactory
    List<DynamicTest> againstDuckDb() {
        return List.of(
                oracle.test("w * m", bin(BinaryOp.MULTIPLY, "w", "m")),
                oracle.test("wmix * m", bin(BinaryOp.MULTIPLY, "wmix", "m")),
                oracle.test("w + m", bin(BinaryOp.PLUS, "w", "m")),
                oracle.test("m - w", bin(BinaryOp.MINUS, "m", "w")),
                oracle.test("wmix - m2", bin(BinaryOp.MINUS, "wmix", "m2")),
                oracle.test("w + f", bin(BinaryOp.PLUS, "w", "f")),
                oracle.test("(m * m2) * (m2 - m)", new BinaryExpr(BinaryOp.MULTIPLY, bin(BinaryOp.MULTIPLY, "m", "m2"),
                        bin(BinaryOp.MINUS, "m2", "m"))));
    }

    @Test
    void sumOverflowingTheResultStillFails() {
        // Decimal(38, 0) + Decimal(38, 0) is Decimal(38, 0): 10^38 - 1 + 1 overflows on the BigDecimal path
        List<Column> cols = List.of(
                Column.of("a", DataType.decimal(38, 0), d("99999999999999999999999999999999999999"), d("1")),
                Column.of("b", DataType.decimal(38, 0), d("1"), d("2")));
        try (RecordBatch batch = TestTables.batch(cols)) {
            DaftException ex = assertThrows(DaftException.class, () -> ExprEvaluator.eval(bin(BinaryOp.PLUS, "a", "b"), batch).close());
            assertTrue(ex.getMessage().contains("overflow"), ex.getMessage());
        }
        // the same types with long values take the fast path and give exact results
        List<Column> small = List.of(
                Column.of("a", DataType.decimal(38, 0), d("9223372036854775807"), d("-9223372036854775808")),
                Column.of("b", DataType.decimal(38, 0), d("9223372036854775807"), d("-9223372036854775808")));
        try (RecordBatch batch = TestTables.batch(small);
             FieldVector sum = ExprEvaluator.eval(bin(BinaryOp.PLUS, "a", "b"), batch);
             FieldVector diff = ExprEvaluator.eval(bin(BinaryOp.MINUS, "a", "b"), batch);
             FieldVector prod = ExprEvaluator.eval(bin(BinaryOp.MULTIPLY, "a", "b"), batch)) {
            assertEquals(List.of(d("18446744073709551614"), d("-18446744073709551616")), TestTables.cells(sum));
            assertEquals(List.of(d("0"), d("0")), TestTables.cells(diff));
            assertEquals(List.of(d("85070591730234615847396907784232501249"), d("85070591730234615865843651857942052864")),
                    TestTables.cells(prod));
        }
    }
}
