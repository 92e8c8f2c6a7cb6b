package io.daft.calcite;

import org.junit.jupiter.api.Test;


/** SQL features checked against DuckDB on the same Parquet files. */
class SqlFeaturesTest extends SqlEngineFixture {
    private static void any(String sql) {
        data.check(engine, sql, false);
    }

    private static void ordered(String sql) {
        data.check(engine, sql, true);
    }

    @Test
    void filters() {
        any("select o_orderkey from orders where o_orderpriority is null");
        any("select o_orderkey from orders where o_orderpriority is not null and o_totalprice between 100 and 300");
        any("select o_orderkey from orders where o_orderstatus in ('F', 'P') and o_custkey not in (1, 2, 3, 4, 5)");
        any("select o_orderkey from orders where not (o_orderstatus = 'F' or o_totalprice < 400)");
        any("select o_orderkey from orders where o_comment like '%special%'");
        any("select o_orderkey from orders where o_comment not like 'comment 1%'");
        any("select o_orderkey, o_orderpriority from orders where o_orderpriority is distinct from '1-URGENT'");
        any("select o_orderkey from orders where o_orderpriority is not distinct from null");
        any("select o_orderkey from orders where o_orderdate >= date '1995-01-01' and o_orderdate < date '1995-01-01' + interval '1' year");
        any("select o_orderkey from orders where o_orderdate < date '1998-12-01' - interval '90' day");
        any("select o_orderkey from orders where o_orderdate between date '1994-01-01' and date '1994-03-01' + interval '3' month");
    }

    @Test
    void projections() {
        // SQL's (and Calcite's) integer division truncates; DuckDB's "/" is true division, its "//" integer division
        data.check(engine, "select o_orderkey / 7, o_orderkey % 7, o_custkey * 3 - 1, -o_custkey, -o_custkey / 4 from orders",
                "select o_orderkey // 7, o_orderkey % 7, o_custkey * 3 - 1, -o_custkey, trunc(-o_custkey / 4)::BIGINT from orders", false);
        any("select 100.00 * sum(case when o_orderstatus = 'F' then o_totalprice else 0 end) / sum(o_totalprice) from orders");
        any("select o_totalprice / 3, o_totalprice * 1.5, o_totalprice + 1, o_totalprice - o_custkey from orders");
        any("select l_weight / 2, l_weight * l_quantity from lineitem");
        any("select case when o_totalprice > 500 then 'high' when o_totalprice > 200 then 'mid' else 'low' end as c, o_orderkey from orders");
        any("select case o_orderstatus when 'F' then 1 when 'O' then 2 end from orders");
        any("select cast(o_totalprice as integer), cast(o_orderkey as varchar), cast(o_custkey as double), cast(o_totalprice as decimal(10,1)) from orders");
        any("select cast('1995-03-15' as date), cast(o_orderdate as varchar) from orders");
        any("select upper(c_name), lower(c_name), substring(c_name from 3 for 4), substring(c_name, 2), char_length(c_name), c_name || '-' || c_mktsegment from customer");
        any("select trim('  x  '), trim(leading 'C' from c_name), trim(trailing '0' from c_name), position('#' in c_name) from customer");
        any("select coalesce(o_orderpriority, 'none'), coalesce(o_comment, o_orderpriority, 'z') from orders");
        any("select extract(year from o_orderdate), extract(month from o_orderdate), extract(day from o_orderdate), extract(quarter from o_orderdate) from orders");
        // date ± interval is a DATE in SQL (Calcite); DuckDB makes a TIMESTAMP
        data.check(engine, "select o_orderdate + interval '10' day, o_orderdate - interval '2' month, o_orderdate + interval '1' year from orders",
                "select (o_orderdate + interval '10' day)::DATE, (o_orderdate - interval '2' month)::DATE, (o_orderdate + interval '1' year)::DATE from orders", false);
        any("select abs(c_acctbal), floor(c_acctbal), ceil(c_acctbal), round(c_acctbal, 1), mod(c_custkey, 7) from customer");
        any("select sqrt(l_weight), power(l_weight, 2), ln(l_weight + 1), exp(l_weight / 1000) from lineitem");
        any("select o_orderpriority is null, o_totalprice > 500 and o_orderstatus = 'F' from orders");
        any("select 1, 'a', 2.5, true, null, date '2020-02-29'");
    }

    @Test
    void aggregates() {
        any("select count(*), count(o_orderpriority), count(distinct o_orderpriority), sum(o_totalprice), avg(o_totalprice), min(o_orderdate), max(o_comment) from orders");
        any("select o_orderstatus, count(*), sum(o_custkey), avg(o_custkey), min(o_totalprice), max(o_totalprice), stddev_samp(o_custkey), stddev_pop(o_custkey), var_samp(o_custkey), var_pop(o_custkey) from orders group by o_orderstatus");
        any("select l_returnflag, count(distinct l_orderkey), sum(l_extendedprice * (1 - l_discount)), sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) from lineitem group by l_returnflag");
        any("select o_orderpriority, count(*) from orders group by o_orderpriority having count(*) > 100");
        any("select count(*) filter (where o_orderstatus = 'F'), sum(o_totalprice) filter (where o_custkey < 50) from orders");
        any("select o_custkey, count(distinct o_orderstatus), count(distinct o_orderpriority) from orders group by o_custkey");
        any("select count(*) from orders where o_orderkey < 0");
        any("select sum(o_totalprice), avg(o_totalprice) from orders where o_orderkey < 0");
        any("select distinct o_orderstatus, o_orderpriority from orders");
        any("select bool_and(o_totalprice > 10), bool_or(o_totalprice > 900) from orders");
    }

    @Test
    void groupingSets() {
        any("select o_orderstatus, o_orderpriority, count(*), sum(o_totalprice) from orders group by rollup(o_orderstatus, o_orderpriority)");
        any("select o_orderstatus, o_orderpriority, count(*) from orders group by cube(o_orderstatus, o_orderpriority)");
        any("select o_orderstatus, o_orderpriority, count(*), grouping(o_orderstatus), grouping(o_orderpriority) from orders group by grouping sets ((o_orderstatus), (o_orderpriority), ())");
    }

    @Test
    void joins() {
        any("select c_name, o_orderkey from customer join orders on c_custkey = o_custkey where o_totalprice > 800");
        any("select c_custkey, o_orderkey from customer left join orders on c_custkey = o_custkey and o_orderstatus = 'F'");
        any("select c_custkey, o_orderkey from customer right join orders on c_custkey = o_custkey");
        any("select c_custkey, o_orderkey from customer full join orders on c_custkey = o_custkey");
        any("select c_custkey, o_orderkey from customer full outer join orders on c_custkey = o_custkey and o_totalprice > 300");
        any("select c_custkey, o_orderkey from customer join orders on c_custkey = o_custkey and o_totalprice > c_acctbal");
        any("select c_custkey, n_name from customer, nation where c_nationkey = n_nationkey and n_regionkey = 1");
        any("select a.n_name, b.n_name from nation a join nation b on a.n_nationkey < b.n_nationkey and a.n_regionkey = b.n_regionkey");
        any("select a.n_nationkey, b.r_name from nation a cross join region b");
        any("select n_name, r_name from nation join region on n_regionkey = r_regionkey");
        any("select count(*) from customer c left join orders o on c.c_custkey = o.o_custkey where o.o_orderkey is null");
        any("select a.n_nationkey, b.r_regionkey from nation a left join region b on a.n_regionkey < b.r_regionkey - 2");
        any("select a.n_nationkey, b.r_regionkey from nation a full join region b on a.n_nationkey = b.r_regionkey * 10 + 7");
        any("select a.n_nationkey, b.r_regionkey from nation a right join region b on a.n_regionkey > b.r_regionkey + 3");
        any("select c_custkey, o_orderkey from customer left join orders on c_custkey = o_custkey and o_totalprice > c_acctbal * 2");
        any("select n_name from nation where n_nationkey in (select c_nationkey from customer where c_acctbal > 400) and n_regionkey not in (select r_regionkey from region where r_name like 'A%')");
    }

    @Test
    void subqueries() {
        any("select c_custkey from customer where c_custkey in (select o_custkey from orders where o_totalprice > 900)");
        any("select c_custkey from customer where c_custkey not in (select o_custkey from orders)");
        any("select c_custkey from customer c where exists (select 1 from orders o where o.o_custkey = c.c_custkey and o.o_orderstatus = 'F')");
        any("select c_custkey from customer c where not exists (select 1 from orders o where o.o_custkey = c.c_custkey)");
        any("select o_orderkey from orders where o_totalprice > (select avg(o_totalprice) from orders)");
        any("select o_orderkey, o_totalprice from orders o where o_totalprice > (select avg(o2.o_totalprice) from orders o2 where o2.o_custkey = o.o_custkey)");
        any("select c_custkey, (select count(*) from orders o where o.o_custkey = c.c_custkey) from customer c");
        any("select * from (select o_custkey, sum(o_totalprice) s from orders group by o_custkey) t where s > 2000");
    }

    @Test
    void ctesAndSetOps() {
        any("with big as (select * from orders where o_totalprice > 500), c as (select o_custkey, count(*) n from big group by o_custkey) select * from c where n > 1");
        any("select o_custkey from orders where o_orderstatus = 'F' union all select c_custkey from customer where c_nationkey = 3");
        any("select o_custkey from orders where o_orderstatus = 'F' union select c_custkey from customer where c_nationkey = 3");
        any("select o_custkey from orders intersect select c_custkey from customer where c_nationkey < 10");
        any("select c_custkey from customer except select o_custkey from orders");
        any("select n_name, n_regionkey from nation union all select r_name, r_regionkey from region");
    }

    @Test
    void orderLimitOffset() {
        ordered("select o_orderkey, o_totalprice from orders order by o_totalprice desc, o_orderkey limit 10");
        ordered("select o_orderkey from orders order by o_orderkey limit 5 offset 10");
        ordered("select o_orderkey, o_orderpriority from orders order by o_orderpriority, o_orderkey");
        ordered("select o_orderkey, o_orderpriority from orders order by o_orderpriority desc, o_orderkey desc");
        ordered("select o_orderkey, o_orderpriority from orders order by o_orderpriority nulls first, o_orderkey");
        ordered("select c_name from customer order by c_acctbal desc nulls last, c_custkey fetch first 7 rows only");
        ordered("select o_orderkey from orders order by o_orderdate, o_orderkey offset 590 rows");
        ordered("select o_custkey, sum(o_totalprice) as s from orders group by o_custkey order by s desc limit 5");
    }

    @Test
    void values() {
        any("select * from (values (1, 'a'), (2, 'b'), (3, null)) as t(x, y)");
        any("select x * 2 from (values (1), (2)) as t(x) where x > 1");
    }

    @Test
    void tpchShaped() {
        ordered("select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as sum_base_price,"
                + " sum(l_extendedprice * (1 - l_discount)) as sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,"
                + " avg(l_quantity) as avg_qty, avg(l_extendedprice) as avg_price, avg(l_discount) as avg_disc, count(*) as count_order"
                + " from lineitem where l_shipdate <= date '1998-12-01' - interval '90' day"
                + " group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus");
        ordered("select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue, o_orderdate"
                + " from customer, orders, lineitem"
                + " where c_mktsegment = 'BUILDING' and c_custkey = o_custkey and l_orderkey = o_orderkey"
                + " and o_orderdate < date '1995-03-15' and l_shipdate > date '1995-03-15'"
                + " group by l_orderkey, o_orderdate order by revenue desc, o_orderdate, l_orderkey limit 10");
        ordered("select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue"
                + " from customer, orders, lineitem, nation, region"
                + " where c_custkey = o_custkey and l_orderkey = o_orderkey and c_nationkey = n_nationkey"
                + " and n_regionkey = r_regionkey and r_name = 'ASIA'"
                + " and o_orderdate >= date '1994-01-01' and o_orderdate < date '1994-01-01' + interval '1' year"
                + " group by n_name order by revenue desc, n_name");
        ordered("select o_orderpriority, count(*) as order_count from orders"
                + " where o_orderdate >= date '1993-07-01' and o_orderdate < date '1993-07-01' + interval '3' month"
                + " and exists (select * from lineitem where l_orderkey = o_orderkey and l_shipdate > o_orderdate + interval '30' day)"
                + " group by o_orderpriority order by o_orderpriority");
        ordered("select l_shipmode, sum(case when o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH' then 1 else 0 end) as high_line_count,"
                + " sum(case when o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH' then 1 else 0 end) as low_line_count"
                + " from orders, lineitem where o_orderkey = l_orderkey and l_shipmode in ('MAIL', 'SHIP')"
                + " group by l_shipmode order by l_shipmode");
        ordered("select c_count, count(*) as custdist from (select c_custkey, count(o_orderkey) as c_count"
                + " from customer left outer join orders on c_custkey = o_custkey and o_comment not like '%special%requests%'"
                + " group by c_custkey) as c_orders group by c_count order by custdist desc, c_count desc");
    }

    @Test
    void moreShapes() {
        any("select sum(distinct o_custkey), avg(distinct o_custkey), count(distinct o_custkey) from orders");
        any("select o_orderstatus, sum(distinct o_custkey), count(*) from orders group by o_orderstatus");
        any("select extract(year from o_orderdate) as y, count(*) from orders group by extract(year from o_orderdate)");
        any("select o_orderstatus as s, count(*) as n from orders group by s having n > 150");
        any("select * from nation a join nation b on a.n_nationkey = b.n_nationkey + 1");
        any("select 1 union all select 2.5");
        any("select x from (values ('a'), ('bcd')) as t(x)");
        any("select case when o_orderkey % 2 = 0 then 'even' else 'o' end from orders");
        any("select o_orderkey from orders where 1 = 0");
        any("select o_orderkey from orders limit 0");
        any("select o_orderkey, o_totalprice from orders where o_totalprice > 0.2 * (select sum(o_totalprice) / count(*) from orders o2 where o2.o_custkey = orders.o_custkey)");
        any("select left(c_name, 4), right(c_name, 3), replace(c_name, 'Customer', 'C'), c_name ilike 'customer#0001%' from customer");
        any("select o_custkey, max(o_totalprice) - min(o_totalprice) from orders group by o_custkey having count(*) > 3");
        any("select count(*) from (select distinct o_custkey from orders) t");
        ordered("select o_orderkey from orders order by o_totalprice desc, o_orderkey limit 5");
        ordered("select o_orderstatus, count(*) from orders group by 1 order by 2 desc, 1");
    }

    @Test
    void timestamps() {
        any("select e_id, e_ts from events where e_ts >= timestamp '2024-01-05 00:00:00' and e_kind is not null");
        any("select e_id, extract(hour from e_ts), extract(minute from e_ts), cast(e_ts as date) from events");
        any("select e_kind, min(e_ts), max(e_ts), count(*) from events group by e_kind");
        ordered("select e_id, e_ts from events order by e_ts desc limit 5");
        data.check(engine, "select e_id, e_ts + interval '1' hour, e_ts - interval '2' day from events",
                "select e_id, e_ts + interval '1' hour, e_ts - interval '2' day from events", false);
    }

    @Test
    void tpchShapedSubqueries() {
        ordered("select o_orderkey, count(*) as numwait from lineitem l1 join orders on o_orderkey = l1.l_orderkey"
                + " where o_orderstatus = 'F'"
                + " and exists (select * from lineitem l2 where l2.l_orderkey = l1.l_orderkey and l2.l_linenumber <> l1.l_linenumber)"
                + " and not exists (select * from lineitem l3 where l3.l_orderkey = l1.l_orderkey and l3.l_linenumber <> l1.l_linenumber"
                + " and l3.l_shipdate > l1.l_shipdate)"
                + " group by o_orderkey order by numwait desc, o_orderkey limit 20");
        ordered("select cntrycode, count(*) as numcust, sum(c_acctbal) as totacctbal from ("
                + " select substring(c_name from 10 for 2) as cntrycode, c_acctbal from customer"
                + " where substring(c_name from 10 for 2) in ('01', '02', '03', '04', '05', '10', '11')"
                + " and c_acctbal > (select avg(c_acctbal) from customer where c_acctbal > 0.00)"
                + " and not exists (select * from orders where o_custkey = c_custkey)) as custsale"
                + " group by cntrycode order by cntrycode");
        any("select sum(l_extendedprice) / 7.0 as avg_yearly from lineitem, orders"
                + " where o_orderkey = l_orderkey and o_orderstatus = 'F'"
                + " and l_quantity < (select 0.5 * avg(l_quantity) from lineitem l2 where l2.l_orderkey = o_orderkey)");
        ordered("select o_year, sum(case when nation = 'NATION_3' then volume else 0 end) / sum(volume) as mkt_share from ("
                + " select extract(year from o_orderdate) as o_year, l_extendedprice * (1 - l_discount) as volume, n2.n_name as nation"
                + " from lineitem, orders, customer, nation n1, nation n2, region"
                + " where l_orderkey = o_orderkey and o_custkey = c_custkey and c_nationkey = n1.n_nationkey"
                + " and n1.n_regionkey = r_regionkey and r_name = 'AMERICA' and n2.n_nationkey = (c_nationkey + 3) % 25"
                + " and o_orderdate between date '1995-01-01' and date '1996-12-31') as all_nations"
                + " group by o_year order by o_year");
    }

    @Test
    void wholePartitionWindowAggregates() {
        any("select o_orderkey, o_orderpriority, sum(o_totalprice) over (partition by o_orderpriority),"
                + " count(*) over (partition by o_orderpriority), count(o_comment) over (partition by o_orderpriority) from orders");
        any("select o_orderkey, o_totalprice - avg(o_totalprice) over (partition by o_custkey) from orders");
        any("select o_orderkey, min(o_orderdate) over (), max(o_totalprice) over (), count(*) over () from orders");
        any("select o_orderkey, sum(o_custkey) over (partition by o_orderstatus, o_orderpriority order by o_orderkey"
                + " rows between unbounded preceding and unbounded following) from orders");
        any("select e_kind, max(e_ts) over (partition by e_kind) from events");
    }
}
