package io.daft.calcite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlBasicsTest extends SqlEngineFixture {
    @Test
    void tables() {
        assertEquals(List.of("customer", "events", "lineitem", "nation", "orders", "region"), engine.tableNames());
    }

    @Test
    void scanFilterProject() {
        data.check(engine, "select o_orderkey, o_totalprice * 2 as p, o_orderdate from orders where o_custkey < 20 and o_orderstatus = 'F'", false);
        data.check(engine, "SELECT O_ORDERKEY FROM ORDERS WHERE O_TOTALPRICE > 500", false);
    }

    @Test
    void aggregate() {
        data.check(engine, "select l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice), avg(l_discount), count(*), min(l_shipdate), max(l_weight)"
                + " from lineitem group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus", true);
    }

    @Test
    void join() {
        data.check(engine, "select c_name, count(*) as n, sum(o_totalprice) from customer join orders on c_custkey = o_custkey group by c_name order by n desc, c_name limit 10", true);
    }
}
