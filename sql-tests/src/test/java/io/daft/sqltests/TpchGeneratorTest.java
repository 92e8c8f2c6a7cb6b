package io.daft.sqltests;

import io.daft.cli.tpch.TpchGenerator;
import io.daft.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TPC-H generator's files, read by DuckDB: row counts of the spec, column types, value ranges. */
class TpchGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void scaleFactorHundredthMatchesTheSpec() throws Exception {
        long before = Memory.allocatedBytes();
        TpchGenerator gen = new TpchGenerator(0.01, dir);
        List<Long> rows = gen.generateAll(2);
        assertEquals(before, Memory.allocatedBytes(), "Arrow memory leaked");
        Map<String, Long> spec = Map.of("region", 5L, "nation", 25L, "supplier", 100L, "customer", 1500L,
                "part", 2000L, "partsupp", 8000L, "orders", 15000L, "lineitem", 60175L);
        try (DuckDbEngine duck = DuckDbEngine.overParquetDirectory(dir)) {
            for (int t = 0; t < TpchGenerator.TABLES.size(); t++) {
                String table = TpchGenerator.TABLES.get(t);
                assertEquals(spec.get(table), rows.get(t), table + " rows reported");
                Object n = duck.query("SELECT count(*) FROM " + table).rows().get(0).get(0);
                assertEquals(spec.get(table), ((Number) n).longValue(), table + " rows read by DuckDB");
            }
            try (var s = Files.list(dir.resolve("lineitem"))) {
                assertEquals(2, s.count(), "lineitem files");
            }
            List<String> types = new java.util.ArrayList<>();
            duck.queryWithTypes("SELECT l_orderkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax,"
                    + " l_shipdate, l_comment FROM lineitem LIMIT 1", types);
            assertEquals(List.of("BIGINT", "INTEGER", "DECIMAL(15,2)", "DECIMAL(15,2)", "DECIMAL(15,2)",
                    "DECIMAL(15,2)", "DATE", "VARCHAR"), types);
            List<Object> r = duck.query("SELECT min(o_orderdate), max(l_shipdate), min(l_discount), max(l_discount),"
                    + " min(l_quantity), max(l_quantity), count(DISTINCT l_orderkey)"
                    + " FROM lineitem, orders WHERE l_orderkey = o_orderkey").rows().get(0);
            assertEquals(LocalDate.of(1992, 1, 1), r.get(0));
            assertTrue(((LocalDate) r.get(1)).isBefore(LocalDate.of(1998, 12, 2)), "last ship date " + r.get(1));
            assertEquals("0", Canonical.format(r.get(2)));
            assertEquals("0.1", Canonical.format(r.get(3)));
            assertEquals("1", Canonical.format(r.get(4)));
            assertEquals("50", Canonical.format(r.get(5)));
            assertEquals(15000L, ((Number) r.get(6)).longValue());
            // the same data as dbgen (and DuckDB's tpch extension): the first row of Q1's answer at SF 0.01
            List<Object> q1 = duck.query("SELECT sum(l_quantity), sum(l_extendedprice), count(*) FROM lineitem"
                    + " WHERE l_returnflag = 'A' AND l_linestatus = 'F' AND l_shipdate <= DATE '1998-09-02'").rows().get(0);
            assertEquals("380456", Canonical.format(q1.get(0)));
            assertEquals("532348211.65", Canonical.format(q1.get(1)));
            assertEquals(14876L, ((Number) q1.get(2)).longValue());
        }
    }
}
