package io.daft.sqltests;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link RowValueIn}: DuckDB answers a several-column IN sub-query as SQL (and PostgreSQL) define it. */
class RowValueInTest {
    @Test
    void answersAsSql() throws Exception {
        try (DuckDbEngine duck = DuckDbEngine.inMemory()) {
            // a non-NULL difference decides FALSE, whatever else is NULL
            assertEquals(Arrays.asList(false), row(duck, "SELECT (11, NULL) IN (SELECT 0, 'EU')"));
            assertEquals(Arrays.asList(false), row(duck, "SELECT (1, 2) IN (SELECT 5, CAST(NULL AS INTEGER))"));
            assertEquals(Arrays.asList(true), row(duck, "SELECT (1, 2) NOT IN (SELECT 5, CAST(NULL AS INTEGER))"));
            // could be equal under NULLs: NULL; equal: TRUE; no rows: FALSE
            assertEquals(Arrays.asList((Object) null), row(duck, "SELECT (1, 2) IN (SELECT 1, CAST(NULL AS INTEGER))"));
            assertEquals(Arrays.asList((Object) null), row(duck, "SELECT (1, CAST(NULL AS INTEGER)) IN (SELECT 1, 7)"));
            assertEquals(Arrays.asList(true), row(duck, "SELECT (1, 2) IN (SELECT 5, NULL UNION ALL SELECT 1, 2)"));
            assertEquals(Arrays.asList(false), row(duck, "SELECT (CAST(NULL AS INTEGER), 2) IN (SELECT 1, 2 WHERE FALSE)"));
            // the outer tuple's names are not captured by the sub-query's
            assertEquals(Arrays.asList(false, true), row(duck,
                    "SELECT (a, b) IN (SELECT a, b FROM (VALUES (1, 3)) t(a, b)), (a, b) IN (SELECT 1, 2) FROM (VALUES (1, 2)) o(a, b)"));
        }
    }

    @Test
    void leavesOtherTextAlone() {
        String functionCall = "SELECT COALESCE(a, b) IN (SELECT x FROM t) FROM u";
        assertEquals(functionCall, RowValueIn.standard(functionCall));
        String single = "SELECT (a) IN (SELECT x FROM t), 'x, y) IN (SELECT' FROM u";
        assertEquals(single, RowValueIn.standard(single));
    }

    private static List<Object> row(DuckDbEngine duck, String sql) throws Exception {
        return duck.query(sql).rows().get(0);
    }
}
