package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.CaseWhen;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.InList;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import static io.daft.dsl.eval.TestTables.Column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluator behaviour that needs no oracle: ownership, names, errors, slices, empty and large batches. */
class ExprEvaluatorTest {
    private long baseline;

    @BeforeEach
    void recordMemory() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void checkNoLeak() {
        assertEquals(baseline, Memory.allocatedBytes(), "off-heap bytes leaked");
    }

    static Expr col(String c) {
        return new ColumnRef(c);
    }

    static Expr lit(int v) {
        return Literal.of(v);
    }

    static Expr fn(String name, Expr... args) {
        return new FunctionExpr(name, List.of(args));
    }

    private static List<Object> eval(Expr e, RecordBatch b) {
        try (FieldVector v = ExprEvaluator.eval(e, b)) {
            assertEquals(b.rowCount(), v.getValueCount());
            assertEquals(e.name(), v.getName());
            assertEquals(e.resolveType(b.schema()), Vectors.fieldOf(v).dataType());
            return TestTables.cells(v);
        }
    }

    private static RecordBatch ints(Integer... values) {
        return TestTables.batch(Column.of("a", DataType.INT32, (Object[]) values));
    }

    @Test
    void columnRefSharesBuffersAndAliasRenames() {
        try (RecordBatch b = ints(1, null, 3)) {
            try (FieldVector v = ExprEvaluator.eval(col("a"), b)) {
                assertNotSame(b.column(0), v);
                assertEquals(b.column(0).getDataBuffer().memoryAddress(), v.getDataBuffer().memoryAddress(), "shared, not copied");
                assertEquals(Arrays.asList(1L, null, 3L), TestTables.cells(v));
            }
            assertEquals(Arrays.asList(1L, null, 3L), eval(col("a").alias("b"), b));
            assertEquals(Arrays.asList(2L, null, 4L), eval(col("a").plus(lit(1)).alias("b"), b));
        }
    }

    private static void assertNotSame(Object a, Object b) {
        assertTrue(a != b);
    }

    @Test
    void literalsBroadcastAndReadBack() {
        List<Literal> literals = List.of(Literal.of(true), Literal.of(false), Literal.integer(-7, DataType.INT8),
                Literal.integer(300, DataType.INT16), Literal.of(42), Literal.of(1L << 40), Literal.floating(1.5, DataType.FLOAT32),
                Literal.of(-2.25), Literal.of(new BigDecimal("123.45")), Literal.decimal(new BigDecimal("-12345678901234567890.1234"), 30, 4),
                Literal.of("héllo 日本 😀"), Literal.of(""), Literal.binary(new byte[] {0, -1, 7}), Literal.of(LocalDate.of(1969, 7, 20)),
                Literal.timestamp(1_700_000_000_123_456L, TimeUnit.MICROSECONDS, Optional.of("UTC")),
                Literal.nullOf(DataType.INT32), Literal.nullOf(DataType.UTF8), Literal.nullOf(DataType.NULL));
        for (Literal l : literals) {
            try (FieldVector v = Literals.toVector(l, 70)) {
                assertEquals(70, v.getValueCount());
                assertEquals(l.type(), Vectors.fieldOf(v).dataType());
                for (int i : new int[] {0, 9, 69}) {
                    assertEquals(l, Literals.fromVector(v, i), "row " + i + " of " + l);
                }
            }
        }
        try (RecordBatch b = ints(1, 2)) {
            assertEquals(Arrays.asList("x", "x"), eval(Literal.of("x"), b));
        }
    }

    @Test
    void integerOverflowIsAnErrorNamingValuesTypeAndExpression() {
        try (RecordBatch b = ints(1, Integer.MAX_VALUE, null)) {
            Expr e = col("a").plus(lit(1));
            DaftException ex = assertThrows(DaftException.class, () -> eval(e, b));
            assertTrue(ex.getMessage().contains("2147483647") && ex.getMessage().contains("Int32")
                    && ex.getMessage().contains(e.toString()), ex.getMessage());
            assertThrows(DaftException.class, () -> eval(col("a").multiply(col("a")), b));
            assertThrows(DaftException.class, () -> eval(Literal.of(Long.MIN_VALUE).minus(Literal.of(1L)), b));
            assertThrows(DaftException.class, () -> eval(new UnaryExpr(UnaryOp.NEGATE, Literal.of(Long.MIN_VALUE)), b));
            assertThrows(DaftException.class, () -> eval(new BinaryExpr(BinaryOp.INT_DIVIDE, Literal.of(Long.MIN_VALUE), Literal.of(-1L)), b));
            DaftException cast = assertThrows(DaftException.class, () -> eval(new Cast(Literal.of(300), DataType.INT8), b));
            assertTrue(cast.getMessage().contains("300") && cast.getMessage().contains("Int8"), cast.getMessage());
            DaftException str = assertThrows(DaftException.class, () -> eval(new Cast(Literal.of("12x"), DataType.INT32), b));
            assertTrue(str.getMessage().contains("'12x'") && str.getMessage().contains("Int32"), str.getMessage());
        }
    }

    @Test
    void valuesUnderNullSlotsNeverFail() {
        IntVector v = (IntVector) Vectors.allocate(Field.of("a", DataType.INT32), 3);
        v.setSafe(0, 5);
        v.setSafe(1, Integer.MAX_VALUE);
        v.setNull(1); // the data stays under the null
        v.setSafe(2, 0);
        v.setNull(2);
        v.setValueCount(3);
        try (RecordBatch b = RecordBatch.of(List.of(v), 3)) {
            assertEquals(Arrays.asList(6L, null, null), eval(col("a").plus(lit(1)), b));
            assertEquals(Arrays.asList(2L, null, null), eval(new BinaryExpr(BinaryOp.INT_DIVIDE, lit(10), col("a")), b));
            assertEquals(Arrays.asList(5L, null, null), eval(new Cast(col("a"), DataType.INT8), b));
        }
    }

    @Test
    void divisionByZero() {
        try (RecordBatch b = TestTables.batch(Column.of("a", DataType.INT32, 7, -7, 0, null),
                Column.of("z", DataType.INT32, 0, 0, 0, 0),
                Column.of("d", DataType.decimal(5, 2), new BigDecimal("1.5"), null, new BigDecimal("0"), new BigDecimal("2")),
                Column.of("f", DataType.FLOAT64, 7.5, -7.5, 1.0, null))) {
            assertEquals(Arrays.asList(null, null, null, null), eval(new BinaryExpr(BinaryOp.INT_DIVIDE, col("a"), col("z")), b));
            assertEquals(Arrays.asList(null, null, null, null), eval(new BinaryExpr(BinaryOp.MODULO, col("a"), col("z")), b));
            List<Object> div = eval(col("a").divide(col("z")), b);
            assertEquals(Double.POSITIVE_INFINITY, div.get(0));
            assertEquals(Double.NEGATIVE_INFINITY, div.get(1));
            assertTrue(Double.isNaN((Double) div.get(2)));
            assertNull(div.get(3));
            assertEquals(Arrays.asList(null, null, null, null), eval(col("d").divide(Literal.of(new BigDecimal("0.00"))), b));
            // // on floats truncates toward zero
            List<Object> q = eval(new BinaryExpr(BinaryOp.INT_DIVIDE, col("f"), Literal.of(2.0)), b);
            assertEquals(3.0, q.get(0));
            assertEquals(-3.0, q.get(1));
            assertEquals(0.0, q.get(2));
        }
    }

    @Test
    void typeErrorsNameTheExpression() {
        try (RecordBatch b = TestTables.batch(Column.of("s", DataType.UTF8, "x"), Column.of("i", DataType.INT32, 1))) {
            Expr plus = col("s").plus(lit(1));
            DaftException e1 = assertThrows(DaftException.class, () -> ExprEvaluator.eval(plus, b));
            assertTrue(e1.getMessage().contains(plus.toString()), e1.getMessage());
            Expr cmp = col("s").lt(col("i"));
            DaftException e2 = assertThrows(DaftException.class, () -> ExprEvaluator.eval(cmp, b));
            assertTrue(e2.getMessage().contains(cmp.toString()), e2.getMessage());
            DaftException e3 = assertThrows(DaftException.class, () -> ExprEvaluator.eval(fn("upper", col("i")), b));
            assertTrue(e3.getMessage().contains("upper") && e3.getMessage().contains("Int32"), e3.getMessage());
            DaftException e4 = assertThrows(DaftException.class, () -> ExprEvaluator.eval(fn("no_such_fn", col("i")), b));
            assertTrue(e4.getMessage().contains("no_such_fn") && e4.getMessage().contains("substring"), e4.getMessage());
            DaftException e5 = assertThrows(DaftException.class, () -> ExprEvaluator.eval(fn("substring", col("s")), b));
            assertTrue(e5.getMessage().contains("substring") && e5.getMessage().contains("2 to 3"), e5.getMessage());
            DaftException e6 = assertThrows(DaftException.class, () -> ExprEvaluator.eval(col("nope"), b));
            assertTrue(e6.getMessage().contains("nope"), e6.getMessage());
            DaftException e7 = assertThrows(DaftException.class,
                    () -> ExprEvaluator.eval(fn("sqrt", Literal.of(-4.0)), b));
            assertTrue(e7.getMessage().contains("sqrt"), e7.getMessage());
        }
    }

    @Test
    void caseEvaluatesBranchesOnlyOnTheirRows() {
        try (RecordBatch b = TestTables.batch(Column.of("s", DataType.UTF8, "1", "x", null, "22"),
                Column.of("i", DataType.INT32, 0, Integer.MAX_VALUE, 5, 1))) {
            Expr guarded = CaseWhen.ifElse(fn("contains", col("s"), Literal.of("x")), lit(-1), new Cast(col("s"), DataType.INT32));
            assertEquals(Arrays.asList(1L, -1L, null, 22L), eval(guarded, b));
            assertThrows(DaftException.class, () -> eval(new Cast(col("s"), DataType.INT32), b));
            Expr overflowGuard = CaseWhen.ifElse(col("i").lt(lit(1000)), col("i").plus(lit(1)), lit(0));
            assertEquals(Arrays.asList(1L, 0L, 6L, 2L), eval(overflowGuard, b));
            // a condition is only evaluated on rows no earlier branch took
            Expr conditionGuard = new CaseWhen(List.of(col("i").gt(lit(1000)), col("i").plus(lit(1)).gt(lit(3))),
                    List.of(Literal.of("big"), Literal.of("mid")), Literal.of("small"));
            assertEquals(Arrays.asList("small", "big", "mid", "small"), eval(conditionGuard, b));
        }
    }

    @Test
    void andOrEvaluateTheRightSideOnlyWhereTheLeftLeavesItOpen() {
        try (RecordBatch b = TestTables.batch(Column.of("s", DataType.UTF8, "x", "1"), Column.of("i", DataType.INT32, 5, 6))) {
            Expr failing = new Cast(col("s"), DataType.INT32).gt(lit(0));
            assertEquals(Arrays.asList(false, false), eval(col("i").gt(lit(10)).and(failing), b));
            assertEquals(Arrays.asList(true, true), eval(col("i").lt(lit(10)).or(failing), b));
            // the left side decides row 0, so the failing cast only sees row 1 ('1')
            assertEquals(Arrays.asList(false, true), eval(col("i").gt(lit(5)).and(failing), b));
            assertEquals(Arrays.asList(true, true), eval(col("i").lt(lit(6)).or(failing), b));
            assertThrows(DaftException.class, () -> eval(col("i").gt(lit(0)).and(failing), b));
        }
    }

    @Test
    void functionsTakeConstantsInAnyPosition() {
        try (RecordBatch b = TestTables.batch(Column.of("s", DataType.UTF8, "l", "xyz", null, ""),
                Column.of("p", DataType.UTF8, "year", "month", "day", null),
                Column.of("d", DataType.DATE, LocalDate.of(2024, 5, 17), LocalDate.of(2024, 5, 17), LocalDate.of(2024, 5, 17),
                        LocalDate.of(2024, 5, 17)))) {
            assertEquals(Arrays.asList(3L, 0L, null, 1L), eval(fn("strpos", Literal.of("hello"), col("s")), b));
            assertEquals(Arrays.asList(true, false, null, true), eval(fn("contains", Literal.of("hello"), col("s")), b));
            assertEquals(Arrays.asList(true, false, null, true),
                    eval(fn("like", Literal.of("hello"), fn("concat", Literal.of("%"), col("s"), Literal.of("%"))), b));
            assertEquals(Arrays.asList(2024L, 5L, 17L, null), eval(fn("extract", col("p"), col("d")), b));
            assertEquals(Arrays.asList(2024L, 2024L, 2024L, 2024L), eval(fn("extract", Literal.of("year"), Literal.of(LocalDate.of(2024, 1, 1))), b));
            assertEquals(Arrays.asList(null, null, null, null), eval(fn("upper", Literal.nullOf(DataType.UTF8)), b));
            assertEquals(Arrays.asList("HI", "HI", "HI", "HI"), eval(fn("upper", Literal.of("hi")), b));
        }
    }

    @Test
    void slicedInputsGiveTheSameResultsAsWholeOnes() {
        Random rnd = new Random(42);
        int n = 203;
        Object[] a = new Object[n];
        Object[] s = new Object[n];
        Object[] d = new Object[n];
        Object[] bo = new Object[n];
        String[] words = {"abc", "héllo", "日本語", "", "x_y", "Zebra", "😀"};
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(7) == 0 ? null : rnd.nextInt(2001) - 1000;
            s[i] = rnd.nextInt(9) == 0 ? null : words[rnd.nextInt(words.length)] + rnd.nextInt(3);
            d[i] = rnd.nextInt(5) == 0 ? null : BigDecimal.valueOf(rnd.nextInt(100000) - 50000, 2);
            bo[i] = rnd.nextInt(4) == 0 ? null : rnd.nextBoolean();
        }
        List<Expr> exprs = List.of(col("a").multiply(lit(3)).minus(col("a")), col("a").gt(lit(0)).and(col("b")),
                col("b").or(col("a").isNull()), fn("upper", col("s")), fn("substring", col("s"), lit(2), lit(2)),
                fn("like", col("s"), Literal.of("%é%")), new InList(col("a"), List.of(lit(1), lit(-5), lit(999)), false),
                col("d").plus(col("a")), new Cast(col("d"), DataType.UTF8), fn("coalesce", col("a"), lit(0)),
                CaseWhen.ifElse(col("b"), col("s"), fn("lower", col("s"))), new InList(col("s"), List.of(Literal.of("abc1")), true));
        try (RecordBatch whole = TestTables.batch(Column.of("a", DataType.INT32, a), Column.of("s", DataType.UTF8, s),
                Column.of("d", DataType.decimal(9, 2), d), Column.of("b", DataType.BOOLEAN, bo))) {
            for (int[] cut : new int[][] {{3, 100}, {0, 203}, {64, 64}, {101, 0}, {7, 1}}) {
                try (RecordBatch part = whole.slice(cut[0], cut[1])) {
                    for (Expr e : exprs) {
                        List<Object> all = eval(e, whole);
                        assertEquals(all.subList(cut[0], cut[0] + cut[1]), eval(e, part), e + " on rows " + Arrays.toString(cut));
                    }
                }
            }
        }
    }

    @Test
    void largeBatchAgainstPlainJava() {
        Random rnd = new Random(7);
        int n = 5000;
        Object[] a = new Object[n];
        Object[] b = new Object[n];
        Object[] s = new Object[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(10) == 0 ? null : rnd.nextLong() >> 2;
            b[i] = rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(100) - 50;
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(8); k > 0; k--) {
                sb.append("aBé_%日".charAt(rnd.nextInt(6)));
            }
            s[i] = rnd.nextInt(10) == 0 ? null : sb.toString();
        }
        try (RecordBatch batch = TestTables.batch(Column.of("a", DataType.INT64, a), Column.of("b", DataType.INT64, b),
                Column.of("s", DataType.UTF8, s))) {
            List<Object> sum = eval(col("a").plus(col("b")), batch);
            List<Object> mod = eval(new BinaryExpr(BinaryOp.MODULO, col("a"), col("b")), batch);
            List<Object> lt = eval(col("a").lt(col("b").multiply(Literal.of(1L << 55))), batch);
            List<Object> like = eval(fn("like", col("s"), Literal.of("%B_日%")), batch);
            List<Object> ilike = eval(fn("ilike", col("s"), Literal.of("ab%")), batch);
            List<Object> len = eval(fn("length", col("s")), batch);
            Pattern p = Pattern.compile(".*B.日.*", Pattern.DOTALL);
            for (int i = 0; i < n; i++) {
                Long x = (Long) a[i];
                Long y = (Long) b[i];
                String str = (String) s[i];
                assertEquals(x == null || y == null ? null : x + y, sum.get(i));
                assertEquals(x == null || y == null || y == 0 ? null : x % y, mod.get(i));
                assertEquals(x == null || y == null ? null : x < y * (1L << 55), lt.get(i));
                assertEquals(str == null ? null : p.matcher(str).matches(), like.get(i), str);
                assertEquals(str == null ? null : str.toLowerCase().startsWith("ab"), ilike.get(i), str);
                assertEquals(str == null ? null : (long) str.codePointCount(0, str.length()), len.get(i));
            }
        }
    }

    @Test
    void nestedColumnsPassThroughReferencesNullTestsCaseAndCoalesce() {
        DataType listType = DataType.list(Field.of("item", DataType.INT64));
        org.apache.arrow.vector.complex.ListVector lv =
                (org.apache.arrow.vector.complex.ListVector) Vectors.allocate(Field.of("l", listType), 3);
        org.apache.arrow.vector.complex.impl.UnionListWriter w = lv.getWriter();
        w.setPosition(0);
        w.startList();
        w.bigInt().writeBigInt(1);
        w.bigInt().writeBigInt(2);
        w.endList();
        w.setPosition(2);
        w.startList();
        w.bigInt().writeBigInt(3);
        w.endList();
        lv.setValueCount(3);
        FieldVector flag = TestTables.vector("f", DataType.BOOLEAN, Arrays.asList(true, true, false));
        try (RecordBatch b = RecordBatch.of(List.of(lv, flag), 3)) {
            assertEquals(Arrays.asList(List.of(1L, 2L), null, List.of(3L)), eval(col("l"), b));
            assertEquals(Arrays.asList(false, true, false), eval(col("l").isNull(), b));
            assertEquals(Arrays.asList(List.of(1L, 2L), null, null),
                    eval(CaseWhen.ifElse(col("f"), col("l"), Literal.nullOf(DataType.NULL)), b));
            assertEquals(Arrays.asList(List.of(1L, 2L), null, List.of(3L)),
                    eval(fn("coalesce", CaseWhen.ifElse(col("f"), Literal.nullOf(DataType.NULL), col("l")), col("l")), b));
            // lists compare as DuckDB's (NestedKeys): a NULL list compares as NULL
            assertEquals(Arrays.asList(true, null, true), eval(col("l").eq(col("l")), b));
            assertEquals(Arrays.asList(false, null, false), eval(col("l").lt(col("l")), b));
        }
    }

    @Test
    void projectAndFilterBatches() {
        try (RecordBatch b = TestTables.batch(Column.of("a", DataType.INT32, 1, null, 3, 4), Column.of("s", DataType.UTF8, "w", "x", "y", "z"))) {
            try (RecordBatch p = ExprEvaluator.project(List.of(col("s"), col("a").multiply(lit(2)).alias("twice")), b)) {
                assertEquals(List.of("s", "twice"), p.schema().names());
                assertEquals(DataType.INT32, p.schema().field("twice").dataType());
                assertEquals(Arrays.asList(2L, null, 6L, 8L), TestTables.cells(p.column("twice")));
            }
            try (RecordBatch f = ExprEvaluator.filter(col("a").gt(lit(1)), b)) {
                assertEquals(2, f.rowCount());
                assertEquals(Arrays.asList("y", "z"), TestTables.cells(f.column("s")));
            }
            try (RecordBatch f = ExprEvaluator.filter(Literal.nullOf(DataType.BOOLEAN), b)) {
                assertEquals(0, f.rowCount());
            }
            assertThrows(DaftException.class, () -> ExprEvaluator.project(List.of(col("a"), col("s").alias("a")), b));
            assertThrows(DaftException.class, () -> ExprEvaluator.filter(col("a"), b));
        }
    }

    @Test
    void emptyBatches() {
        try (RecordBatch b = TestTables.batch(Column.of("a", DataType.INT32), Column.of("s", DataType.UTF8))) {
            assertEquals(0, b.rowCount());
            for (Expr e : List.of(col("a"), lit(1), col("a").plus(lit(1)), col("a").eq(lit(2)), fn("upper", col("s")),
                    new Cast(col("a"), DataType.UTF8), CaseWhen.ifElse(col("a").gt(lit(0)), col("s"), Literal.of("z")),
                    new InList(col("s"), List.of(Literal.of("a")), false), fn("coalesce", col("a"), lit(3)))) {
                assertEquals(List.of(), eval(e, b), e.toString());
            }
        }
    }

    @Test
    void timestampsOfDifferentUnitsCompareAsInstants() {
        DataType ms = DataType.timestamp(TimeUnit.MILLISECONDS, Optional.empty());
        try (RecordBatch b = TestTables.batch(
                Column.of("us", TestTables.tsMicros(), LocalDateTime.parse("2024-01-01T00:00:00.001"), LocalDateTime.parse("1960-05-05T10:00:00")),
                Column.of("ms", ms, LocalDateTime.parse("2024-01-01T00:00:00.001"), LocalDateTime.parse("1960-05-05T10:00:00.001")))) {
            assertEquals(Arrays.asList(true, false), eval(col("us").eq(col("ms")), b));
            assertEquals(Arrays.asList(false, true), eval(col("us").lt(col("ms")), b));
            assertEquals(Arrays.asList("2024-01-01 00:00:00.001", "1960-05-05 10:00:00.001"), eval(new Cast(col("ms"), DataType.UTF8), b));
        }
    }

    @Test
    void doublesPrintAsDuckDb() {
        // outputs taken from DuckDB 1.4: SELECT x::DOUBLE::VARCHAR
        assertEquals("1e+20", Casts.formatDouble(1e20, false));
        assertEquals("1e-05", Casts.formatDouble(0.00001, false));
        assertEquals("10000000.0", Casts.formatDouble(1e7, false));
        assertEquals("1000000000000000.0", Casts.formatDouble(1e15, false));
        assertEquals("1e+16", Casts.formatDouble(1e16, false));
        assertEquals("0.0001", Casts.formatDouble(0.0001, false));
        assertEquals("-0.0", Casts.formatDouble(-0.0, false));
        assertEquals("inf", Casts.formatDouble(Double.POSITIVE_INFINITY, false));
        assertEquals("nan", Casts.formatDouble(Double.NaN, false));
        assertEquals("0.1", Casts.formatDouble(0.1f, true));
        assertEquals("1.5", Casts.formatDouble(1.5, false));
        assertEquals("-123.456", Casts.formatDouble(-123.456, false));
    }

    @Test
    void functionsAreRegisteredWithoutSetup() {
        for (String f : List.of("coalesce", "abs", "ceil", "floor", "round", "sqrt", "power", "ln", "log", "exp", "sign", "mod",
                "like", "ilike", "substring", "upper", "lower", "trim", "ltrim", "rtrim", "length", "char_length", "octet_length",
                "concat", "starts_with", "ends_with", "contains", "replace", "strpos", "position", "left", "right", "lpad", "rpad",
                "extract", "date_add", "date_trunc")) {
            assertTrue(io.daft.functions.FunctionRegistry.contains(f), f);
            assertTrue(io.daft.functions.FunctionRegistry.contains(f.toUpperCase()), f);
        }
    }

    @Test
    void dateFunctionsByHand() {
        try (RecordBatch b = TestTables.batch(
                Column.of("d", DataType.DATE, LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29), LocalDate.of(1969, 12, 31), null),
                Column.of("t", TestTables.tsMicros(), LocalDateTime.parse("2024-01-31T23:59:59.999999"),
                        LocalDateTime.parse("2024-02-29T12:00:00"), LocalDateTime.parse("1969-12-31T23:00:00.5"), null))) {
            assertEquals(Arrays.asList(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 29), LocalDate.of(1970, 1, 31), null),
                    eval(fn("date_add", col("d"), lit(1), Literal.of("month")), b));
            assertEquals(Arrays.asList(LocalDate.of(2025, 1, 31), LocalDate.of(2025, 2, 28), LocalDate.of(1970, 12, 31), null),
                    eval(fn("date_add", col("d"), lit(1), Literal.of("year")), b));
            assertEquals(Arrays.asList(3L, 4L, 3L, null), eval(fn("extract", Literal.of("dow"), col("d")), b));
            assertEquals(Arrays.asList(1706745599L, 1709208000L, -3600L, null), eval(fn("extract", Literal.of("epoch"), col("t")), b));
            assertEquals(Arrays.asList(LocalDateTime.parse("2024-01-29T00:00"), LocalDateTime.parse("2024-02-26T00:00"),
                    LocalDateTime.parse("1969-12-29T00:00"), null), eval(fn("date_trunc", Literal.of("week"), col("t")), b));
            assertThrows(DaftException.class, () -> eval(fn("date_add", col("d"), lit(1), Literal.of("hour")), b));
            assertThrows(DaftException.class, () -> eval(fn("extract", Literal.of("fortnight"), col("d")), b));
        }
    }

    @Test
    void stringFunctionsByHand() {
        try (RecordBatch b = TestTables.batch(Column.of("s", DataType.UTF8, "héllo wörld", "日本語", "", null))) {
            assertEquals(Arrays.asList("HÉLLO WÖRLD", "日本語", "", null), eval(fn("upper", col("s")), b));
            assertEquals(Arrays.asList(11L, 3L, 0L, null), eval(fn("length", col("s")), b));
            assertEquals(Arrays.asList(13L, 9L, 0L, null), eval(fn("octet_length", col("s")), b));
            assertEquals(Arrays.asList("éll", "本語", "", null), eval(fn("substring", col("s"), lit(2), lit(3)), b));
            assertEquals(Arrays.asList(9L, 0L, 0L, null), eval(fn("strpos", col("s"), Literal.of("r")), b));
            assertEquals(Arrays.asList("**héllo wö", "*******日本語", "**********", null),
                    eval(fn("lpad", fn("left", col("s"), lit(8)), lit(10), Literal.of("*")), b));
            assertEquals(Arrays.asList("héllo wö", "日本語-----", "--------", null), eval(fn("rpad", col("s"), lit(8), Literal.of("-")), b));
            assertEquals(Arrays.asList("héllo", "**日本語", "*****", null), eval(fn("lpad", col("s"), lit(5), Literal.of("*")), b));
            assertEquals(Arrays.asList(true, false, false, null), eval(fn("like", col("s"), Literal.of("h_llo%")), b));
            assertEquals(Arrays.asList(true, false, false, null), eval(fn("ilike", col("s"), Literal.of("HÉ%WÖ%")), b));
            assertEquals(Arrays.asList(null, null, null, null), eval(fn("concat", col("s"), Literal.nullOf(DataType.UTF8)), b));
        }
    }

    @Test
    void resultsAreNewVectorsTheCallerOwns() {
        List<FieldVector> out = new ArrayList<>();
        try (RecordBatch b = ints(1, 2, 3)) {
            out.add(ExprEvaluator.eval(col("a").plus(lit(1)), b));
            out.add(ExprEvaluator.eval(col("a"), b));
        }
        // the batch is closed; the results stay readable until closed
        assertEquals(Arrays.asList(2L, 3L, 4L), TestTables.cells(out.get(0)));
        assertEquals(Arrays.asList(1L, 2L, 3L), TestTables.cells(out.get(1)));
        assertNotEquals(baseline, Memory.allocatedBytes());
        out.forEach(FieldVector::close);
    }
}
