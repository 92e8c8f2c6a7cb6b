package io.daft.calcite;

import io.daft.calcite.rel.DaftAggregate;
import io.daft.calcite.rel.DaftJoin;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plans around inputs the planner proves empty and sub-queries under OR: the answers against DuckDB, and the
 * plan's shape where a wrong shape was the bug (an aggregate pruned away, a join without keys).
 */
class EmptyInputsAndSubQueryPlansTest extends SqlEngineFixture {
    private static RelNode plan(String sql) throws Exception {
        return ChosenPlans.of(engine, sql);
    }

    private static <T extends RelNode> List<T> find(RelNode rel, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (type.isInstance(rel)) {
            out.add(type.cast(rel));
        }
        for (RelNode in : rel.getInputs()) {
            out.addAll(find(in, type));
        }
        return out;
    }

    @Test
    void groupingSetsOverAnEmptyInputKeepTheGrandTotal() throws Exception {
        for (String sql : List.of(
                "select count(*) as n from orders where 1 = 0 group by rollup(o_orderstatus)",
                "select o_orderstatus, o_orderpriority, count(*), sum(o_totalprice), grouping(o_orderstatus) from orders where 1 = 0 group by cube(o_orderstatus, o_orderpriority)",
                "select o_orderstatus, count(*), max(o_totalprice) from orders where o_custkey > cast(null as integer) group by grouping sets ((o_orderstatus), ())")) {
            data.check(engine, sql, false);
            assertFalse(find(plan(sql), DaftAggregate.class).isEmpty(), "the aggregate was pruned: " + sql);
        }
        // without the empty grouping set there is nothing to keep
        String plain = "select o_orderstatus, count(*) from orders where 1 = 0 group by grouping sets ((o_orderstatus))";
        data.check(engine, plain, false);
        assertTrue(find(plan(plain), DaftAggregate.class).isEmpty(), RelOptUtil.toString(plan(plain)));
    }

    @Test
    void anInSubQueryProvenEmptyDoesNotEmptyTheQueryAroundIt() {
        data.check(engine, "select o_orderkey, case when o_custkey in (select c_custkey from customer where 1 = 0) then 'in' else 'out' end from orders where o_orderkey < 5", false);
        data.check(engine, "select o_orderkey from orders where o_orderkey = 5 or o_custkey in (select c_custkey from customer where 1 = 0)", false);
        data.check(engine, "select o_orderkey from orders where o_orderkey = 5 or o_custkey = any (select c_custkey from customer where 1 = 0)", false);
        data.check(engine, "select o_orderkey from orders where o_orderkey = 5 or (o_custkey, o_orderstatus) in (select c_custkey, c_mktsegment from customer where 1 = 0)", false);
    }

    @Test
    void groupingOfAKeyTheFilterFixesIsZero() {
        data.check(engine, "select o_orderstatus, o_orderpriority, grouping(o_orderstatus), count(*) from orders where o_orderstatus = 'F' group by o_orderstatus, o_orderpriority", false);
        data.check(engine, "select o_orderstatus, o_orderpriority, grouping(o_orderpriority), grouping(o_orderstatus, o_orderpriority), count(*) from orders where o_orderpriority is null group by o_orderstatus, o_orderpriority", false);
    }

    @Test
    void aSeveralColumnInUnderOrJoinsOnItsKeys() throws Exception {
        String sql = "select count(*) from orders o where o.o_orderkey = 3 or (o.o_custkey, o.o_orderpriority) in"
                + " (select c_custkey, case when c_custkey % 3 = 0 then null else '2-HIGH' end from customer)";
        data.check(engine, sql, false);
        List<DaftJoin> joins = find(plan(sql), DaftJoin.class);
        assertFalse(joins.isEmpty(), RelOptUtil.toString(plan(sql)));
        for (DaftJoin j : joins) {
            JoinInfo info = j.analyzeCondition();
            assertTrue(info.isEqui() || j.getCondition().isAlwaysTrue(), "a join on more than keys: " + j.getCondition());
        }
        assertEquals(1, joins.stream().filter(j -> j.analyzeCondition().leftKeys.size() == 2).count(), RelOptUtil.toString(plan(sql)));
    }
    @Test
    void aSeveralColumnInInTheSelectListAnswersAsSqlWithoutRepeatingRows() {
        String in = "(select c_custkey, case when c_custkey % 3 = 0 then null else '2-HIGH' end from customer)";
        String sql = "select o.o_orderkey, (o.o_custkey, o.o_orderpriority) in " + in + " as x,"
                + " not ((o.o_custkey, o.o_orderpriority) in " + in + ") as y from orders o";
        // DuckDB's own several-column IN is not SQL's (duckdb#24320): it is given SQL's definition
        String test = "o.o_custkey = d.x and o.o_orderpriority = d.y";
        String standard = "(select case when count(*) filter (where " + test + ") > 0 then true when count(*) filter (where ("
                + test + ") is null) > 0 then null else false end from " + in + " d(x, y))";
        data.check(engine, sql, "select o.o_orderkey, " + standard + " as x, not " + standard + " as y from orders o", false);
    }

    @Test
    void anExistsWithANonEqualityUnderOrIsASemiJoin() throws Exception {
        String sql = "select count(*) from orders o where o.o_orderkey = 3 or exists (select 1 from lineitem l"
                + " where l.l_orderkey = o.o_orderkey and l.l_quantity * 10 > o.o_totalprice)";
        data.check(engine, sql, false);
        List<DaftJoin> joins = find(plan(sql), DaftJoin.class);
        assertTrue(joins.stream().anyMatch(j -> j.getJoinType() == JoinRelType.SEMI), RelOptUtil.toString(plan(sql)));
        assertTrue(joins.stream().noneMatch(j -> j.getJoinType() == JoinRelType.INNER), RelOptUtil.toString(plan(sql)));
    }

    @Test
    void isNotDistinctFromJoinsOnHashKeys() {
        String sql = "select count(*) from orders o join orders p on o.o_orderpriority is not distinct from p.o_orderpriority"
                + " and o.o_orderstatus = p.o_orderstatus";
        data.check(engine, sql, false);
        String plan = engine.explain(sql);
        assertFalse(plan.contains("<=>"), plan);
    }
}
