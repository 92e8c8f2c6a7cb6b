package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.dsl.Alias;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.memory.Memory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstantFolderTest {
    private long baseline;

    @BeforeEach
    void recordMemory() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void checkNoLeak() {
        assertEquals(baseline, Memory.allocatedBytes(), "off-heap bytes leaked");
    }

    private static Expr col(String c) {
        return new ColumnRef(c);
    }

    @Test
    void foldsLiteralSubtrees() {
        assertEquals(Literal.of(7), ConstantFolder.fold(Literal.of(3).plus(Literal.of(4))));
        assertEquals(Literal.of(2.5), ConstantFolder.fold(Literal.of(5).divide(Literal.of(2))));
        assertEquals(Literal.of("HÉ"), ConstantFolder.fold(new FunctionExpr("upper", List.of(Literal.of("hé")))));
        assertEquals(Literal.decimal(new BigDecimal("3.75"), 4, 2),
                ConstantFolder.fold(Literal.of(new BigDecimal("1.25")).plus(Literal.of(new BigDecimal("2.50")))));
        assertEquals(Literal.of(LocalDate.of(2024, 3, 1)), ConstantFolder.fold(new Cast(Literal.of("2024-03-01"), DataType.DATE)));
        assertEquals(Literal.nullOf(DataType.INT32), ConstantFolder.fold(Literal.of(1).plus(Literal.nullOf(DataType.INT32))));
        // inside a larger expression only the constant part folds
        Expr e = col("a").gt(Literal.of(10).multiply(Literal.of(10)));
        assertEquals(col("a").gt(Literal.of(100)), ConstantFolder.fold(e));
        Expr nested = new FunctionExpr("concat", List.of(col("s"), new FunctionExpr("lower", List.of(Literal.of("X")))));
        assertEquals(new FunctionExpr("concat", List.of(col("s"), Literal.of("x"))), ConstantFolder.fold(nested));
    }

    @Test
    void leavesFailingConstantsForRuntime() {
        Expr overflow = Literal.of(Integer.MAX_VALUE).plus(Literal.of(1));
        assertSame(overflow, ConstantFolder.fold(overflow));
        Expr badCast = new Cast(Literal.of("abc"), DataType.INT32);
        assertSame(badCast, ConstantFolder.fold(badCast));
    }

    @Test
    void simplifiesBooleanIdentities() {
        Expr x = col("b");
        assertEquals(x, ConstantFolder.fold(x.and(Literal.of(true))));
        assertEquals(x, ConstantFolder.fold(x.or(Literal.of(false))));
        // a constant result keeps the name of the expression it replaces
        assertEquals(new Alias(Literal.of(false), "b"), ConstantFolder.fold(x.and(Literal.of(false))));
        assertEquals(new Alias(Literal.of(true), "b"), ConstantFolder.fold(x.or(Literal.of(true))));
        assertEquals(new Alias(Literal.of(false), "b"), ConstantFolder.fold(x.and(Literal.of(1).gt(Literal.of(2)))));
        assertEquals(Literal.of(false), ConstantFolder.fold(Literal.of(false).and(x)));
        assertEquals(x, ConstantFolder.fold(x.not().not()));
        // null AND x is not x
        Expr withNull = x.and(Literal.nullOf(DataType.BOOLEAN));
        assertEquals(withNull, ConstantFolder.fold(withNull));
        // the output name is kept: true AND b is named after its first input
        Expr renamed = ConstantFolder.fold(Literal.of(true).and(x));
        assertTrue(renamed instanceof Alias);
        assertEquals("literal", renamed.name());
        assertEquals(x, ((Alias) renamed).child());
        assertEquals(new BinaryExpr(BinaryOp.EQ, col("a"), Literal.of(3L)),
                ConstantFolder.fold(new BinaryExpr(BinaryOp.EQ, col("a"), Literal.of(1L).plus(Literal.of(2L)))));
    }
}
