package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.dsl.Alias;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.CaseWhen;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Projections whose expressions share subexpressions (computed once per batch) give the same columns, names and
 * types as evaluating each expression on its own, and fail only where that would.
 */
class ProjectSharingTest {
    private static Expr col(String c) {
        return new ColumnRef(c);
    }

    private static Expr bin(BinaryOp op, Expr l, Expr r) {
        return new BinaryExpr(op, l, r);
    }

    private static void assertSameAsOneByOne(List<Expr> exprs) {
        long before = Memory.allocatedBytes();
        try (RecordBatch batch = TestTables.batch(OracleTable.columns()); RecordBatch shared = ExprEvaluator.project(exprs, batch)) {
            assertEquals(exprs.size(), shared.numColumns());
            for (int i = 0; i < exprs.size(); i++) {
                try (FieldVector alone = ExprEvaluator.eval(exprs.get(i), batch)) {
                    assertEquals(exprs.get(i).name(), shared.schema().field(i).name());
                    assertEquals(io.daft.recordbatch.Vectors.fieldOf(alone).dataType(), shared.schema().field(i).dataType());
                    assertEquals(TestTables.cells(alone), TestTables.cells(shared.column(i)), exprs.get(i).toString());
                }
            }
        }
        assertEquals(before, Memory.allocatedBytes(), "leak");
    }

    @Test
    void sharedDecimalProducts() {
        // q01: price * (1 - discount) and price * (1 - discount) * (1 + tax)
        Expr disc = bin(BinaryOp.MULTIPLY, col("d92"), bin(BinaryOp.MINUS, Literal.of(1), col("d92b")));
        Expr charge = bin(BinaryOp.MULTIPLY, disc, bin(BinaryOp.PLUS, Literal.of(1), col("d184")));
        assertSameAsOneByOne(List.of(col("i32"), new Alias(disc, "disc_price"), new Alias(charge, "charge"), col("d92")));
        // unaliased: the name stays the expression's own
        assertSameAsOneByOne(List.of(new Alias(col("i8"), "k"), disc, new Alias(charge, "c2")));
    }

    @Test
    void sharedInsideConditionalsAndNested() {
        Expr sum = bin(BinaryOp.PLUS, col("i32"), col("i64"));
        Expr twice = bin(BinaryOp.MULTIPLY, sum, Literal.of(2L));
        Expr cond = CaseWhen.ifElse(bin(BinaryOp.GT, col("i32"), Literal.of(0)), twice, sum);
        Expr coalesce = new FunctionExpr("coalesce", List.of(sum, col("i64")));
        Expr logic = bin(BinaryOp.AND, bin(BinaryOp.GT, sum, Literal.of(0L)), bin(BinaryOp.LT, twice, Literal.of(100L)));
        List<Expr> exprs = new ArrayList<>(List.of(new Alias(sum, "s"), new Alias(twice, "t"), new Alias(cond, "c"),
                new Alias(coalesce, "co"), new Alias(logic, "l"), new Alias(bin(BinaryOp.MINUS, twice, sum), "m")));
        assertSameAsOneByOne(exprs);
    }

    @Test
    void aSubexpressionOnlyUnderConditionsIsNotForcedOnEveryRow() {
        // i32b is 0 on some rows: i32 // i32b is null there (no error), so use a failing cast instead, only under CASE
        Expr risky = new io.daft.dsl.Cast(col("sbad"), io.daft.core.DataType.INT32);
        Expr guarded = CaseWhen.ifElse(bin(BinaryOp.EQ, col("sbad"), Literal.of("42")), risky, Literal.of(0));
        Expr guarded2 = CaseWhen.ifElse(bin(BinaryOp.EQ, col("sbad"), Literal.of("7")), bin(BinaryOp.PLUS, risky, Literal.of(1)), Literal.of(0));
        assertSameAsOneByOne(List.of(new Alias(guarded, "a"), new Alias(guarded2, "b")));
        // unguarded twice: fails, as each alone would
        try (RecordBatch batch = TestTables.batch(OracleTable.columns())) {
            assertThrows(DaftException.class, () -> ExprEvaluator.project(List.of(new Alias(risky, "x"), new Alias(risky, "y")), batch).close());
        }
    }

    /** Columns passed through (maybe renamed) keep their dictionary codes, with or without shared subexpressions. */
    @Test
    void passedThroughColumnsKeepTheirDictionaryCodes() {
        Expr sum = bin(BinaryOp.PLUS, col("i32"), col("i64"));
        try (RecordBatch raw = TestTables.batch(OracleTable.columns())) {
            int s = raw.schema().requireIndex("i32");
            int[] ids = new int[raw.rowCount()];
            io.daft.recordbatch.DictionaryCodes codes = new io.daft.recordbatch.DictionaryCodes(new Object(), 1, ids, 0);
            List<java.util.Optional<io.daft.recordbatch.DictionaryCodes>> all = new ArrayList<>();
            for (int i = 0; i < raw.numColumns(); i++) {
                all.add(i == s ? java.util.Optional.of(codes) : java.util.Optional.empty());
            }
            List<FieldVector> shared = new ArrayList<>();
            raw.columns().forEach(v -> shared.add(io.daft.recordbatch.Vectors.share(v)));
            try (RecordBatch batch = RecordBatch.of(raw.schema(), shared, raw.rowCount(), all)) {
                for (List<Expr> exprs : List.<List<Expr>>of(List.of(new Alias(col("i32"), "k"), col("i64")),
                        List.of(new Alias(col("i32"), "k"), new Alias(sum, "a"), new Alias(bin(BinaryOp.MINUS, sum, col("i32")), "b")))) {
                    try (RecordBatch out = ExprEvaluator.project(exprs, batch)) {
                        assertEquals(java.util.Optional.of(codes), out.dictionaryCodes(0));
                        for (int i = 1; i < exprs.size(); i++) {
                            assertEquals(java.util.Optional.empty(), out.dictionaryCodes(i));
                        }
                    }
                }
            }
        }
    }
}
