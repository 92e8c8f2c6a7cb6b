package io.daft.logical.optimizer;

import io.daft.config.PlanningConfig;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Literal;
import io.daft.logical.Filter;
import io.daft.logical.InMemorySource;
import io.daft.logical.Join;
import io.daft.logical.LogicalPlan;
import io.daft.ops.join.JoinType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plan shapes of the join-condition rules (results are checked against DuckDB in sql-tests'
 * {@code 14_join_conditions.slt} and the TPC-H queries).
 */
class JoinFiltersTest {
    private static final LogicalPlan PART = new InMemorySource(Schema.of(Field.of("pk", DataType.INT64),
            Field.of("brand", DataType.UTF8), Field.of("size", DataType.INT32)), List.of());
    private static final LogicalPlan ITEM = new InMemorySource(Schema.of(Field.of("partkey", DataType.INT64),
            Field.of("qty", DataType.decimal(15, 2)), Field.of("mode", DataType.UTF8), Field.of("size", DataType.INT32)), List.of());

    private static Expr col(String c) {
        return new ColumnRef(c);
    }

    private static Expr bin(BinaryOp op, Expr l, Expr r) {
        return new BinaryExpr(op, l, r);
    }

    private static Expr eq(String c, Object v) {
        return bin(BinaryOp.EQ, col(c), v instanceof String ? Literal.of((String) v) : Literal.of((Integer) v));
    }

    private static Expr and(Expr... es) {
        Expr out = es[0];
        for (int i = 1; i < es.length; i++) {
            out = bin(BinaryOp.AND, out, es[i]);
        }
        return out;
    }

    private static Expr or(Expr a, Expr b) {
        return bin(BinaryOp.OR, a, b);
    }

    private static LogicalPlan optimize(LogicalPlan plan) {
        return Optimizer.standard().optimize(plan, PlanningConfig.defaults());
    }

    private static Join join(LogicalPlan left, LogicalPlan right, JoinType type, Expr residual) {
        return new Join(left, right, List.of(col("partkey")), List.of(col("pk")), type, Optional.of(residual));
    }

    @Test
    void oneSideConjunctsLeaveTheConditionOfAnInnerJoin() {
        Expr cross = bin(BinaryOp.LT, col("size"), col("right.size"));
        Join j = (Join) optimize(join(ITEM, PART, JoinType.INNER, and(eq("mode", "AIR"), cross, eq("brand", "B#1"))));
        assertEquals(Optional.of(cross), j.residual());
        assertEquals(eq("mode", "AIR"), assertInstanceOf(Filter.class, j.left()).predicate());
        assertEquals(eq("brand", "B#1"), assertInstanceOf(Filter.class, j.right()).predicate());
    }

    @Test
    void outerJoinsKeepConditionsOnTheirPreservedSide() {
        Expr cond = and(eq("mode", "AIR"), eq("brand", "B#1"));
        Join left = (Join) optimize(join(ITEM, PART, JoinType.LEFT, cond));
        assertEquals(Optional.of(eq("mode", "AIR")), left.residual());
        assertEquals(eq("brand", "B#1"), assertInstanceOf(Filter.class, left.right()).predicate());
        assertInstanceOf(InMemorySource.class, left.left());

        Join right = (Join) optimize(join(ITEM, PART, JoinType.RIGHT, cond));
        assertEquals(Optional.of(eq("brand", "B#1")), right.residual());
        assertEquals(eq("mode", "AIR"), assertInstanceOf(Filter.class, right.left()).predicate());

        Join anti = (Join) optimize(join(ITEM, PART, JoinType.ANTI, cond));
        assertEquals(Optional.of(eq("mode", "AIR")), anti.residual());
        assertInstanceOf(Filter.class, anti.right());

        Join full = (Join) optimize(join(ITEM, PART, JoinType.FULL, cond));
        assertEquals(Optional.of(cond), full.residual());
        assertInstanceOf(InMemorySource.class, full.left());
        assertInstanceOf(InMemorySource.class, full.right());
    }

    @Test
    void keylessOuterJoinKeepsItsOnlyCondition() {
        Join j = new Join(ITEM, PART, List.of(), List.of(), JoinType.LEFT, Optional.of(eq("brand", "B#1")));
        Join out = (Join) optimize(j);
        assertEquals(j.residual(), out.residual());
        assertInstanceOf(InMemorySource.class, out.right());
    }

    @Test
    void disjunctionsOverBothSidesImplyFiltersOnEachSide() {
        Expr b1 = and(eq("brand", "B#1"), eq("mode", "AIR"), eq("size", 1));
        Expr b2 = and(eq("mode", "RAIL"), eq("brand", "B#2"), bin(BinaryOp.GT, col("right.size"), Literal.of(3)));
        Expr cond = or(b1, b2);
        Join j = (Join) optimize(join(ITEM, PART, JoinType.INNER, cond));
        assertEquals(Optional.of(cond), j.residual(), "the whole condition still applies");
        assertEquals(or(and(eq("mode", "AIR"), eq("size", 1)), eq("mode", "RAIL")),
                assertInstanceOf(Filter.class, j.left()).predicate());
        assertEquals(or(eq("brand", "B#1"), and(eq("brand", "B#2"), bin(BinaryOp.GT, col("size"), Literal.of(3)))),
                assertInstanceOf(Filter.class, j.right()).predicate(), "right columns under their own names");
        // optimizing again adds nothing
        assertEquals(j.treeString(), optimize(j).treeString());
    }

    @Test
    void noFilterWhenABranchDoesNotConstrainTheSideOrCouldFail() {
        Expr cond = or(and(eq("brand", "B#1"), eq("mode", "AIR")), eq("brand", "B#2"));
        Join j = (Join) optimize(join(ITEM, PART, JoinType.INNER, cond));
        assertInstanceOf(InMemorySource.class, j.left(), "the second branch does not constrain the left side");
        assertEquals(or(eq("brand", "B#1"), eq("brand", "B#2")), assertInstanceOf(Filter.class, j.right()).predicate());

        // a cast could fail on rows the other branch's conjuncts ruled out: not moved
        Expr risky = bin(BinaryOp.GT, new Cast(col("mode"), DataType.INT32), Literal.of(3));
        Expr cond2 = or(and(eq("brand", "B#1"), risky), and(eq("brand", "B#2"), eq("mode", "AIR")));
        Join k = (Join) optimize(join(ITEM, PART, JoinType.INNER, cond2));
        assertInstanceOf(InMemorySource.class, k.left());
        assertTrue(k.residual().isPresent());
    }

    @Test
    void filterAboveAnInnerJoinImpliesSideFiltersToo() {
        Join inner = new Join(ITEM, PART, List.of(col("partkey")), List.of(col("pk")), JoinType.INNER, Optional.empty());
        Expr cond = or(and(eq("brand", "B#1"), eq("mode", "AIR")), and(eq("brand", "B#2"), eq("mode", "RAIL")));
        Filter f = (Filter) optimize(new Filter(inner, cond));
        Join j = (Join) f.child();
        assertEquals(or(eq("mode", "AIR"), eq("mode", "RAIL")), assertInstanceOf(Filter.class, j.left()).predicate());
        assertEquals(or(eq("brand", "B#1"), eq("brand", "B#2")), assertInstanceOf(Filter.class, j.right()).predicate());
        assertFalse(j.residual().isPresent());
    }
}
