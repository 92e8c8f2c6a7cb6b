package io.daft.calcite.rel;

import io.daft.calcite.DaftSqlEngine;
import io.daft.core.DataType;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Literal;
import io.daft.logical.SortKey;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** SQL windows become the WindowSpecs handed to Daft's window operator. */
class DaftWindowSpecTest {
    @TempDir
    Path tmp;

    @Test
    void windowGroupsBecomeSpecs() throws Exception {
        try (var duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT i AS k, i % 3 AS g, i * 1.5 AS v FROM range(0, 10) t(i)) TO '" + tmp.resolve("t.parquet") + "' (FORMAT PARQUET)");
        }
        try (DaftSqlEngine engine = DaftSqlEngine.create(tmp)) {
            AtomicReference<RelNode> best = new AtomicReference<>();
            String sql = "select k, row_number() over (partition by g order by k desc),"
                    + " sum(v) over (partition by g order by k rows between 2 preceding and current row),"
                    + " lag(v, 2, 0) over (order by k) from t";
            try (Hook.Closeable h = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot r) -> best.set(r.rel));
                 PreparedStatement ps = engine.connection().prepareStatement(sql)) {
                // planning is enough
            } catch (Exception e) {
                // the Daft plan cannot be built yet; the Calcite plan was captured before that
            }
            DaftWindow w = find(best.get());
            assertNotNull(w, "no DaftWindow in " + best.get());
            List<WindowSpec> specs = w.specs(DaftPlans.schemaOf(w.getInput()));
            // one spec per distinct (partition, order) window: row_number's, sum's, lag's
            assertEquals(3, specs.size(), specs.toString());
            WindowSpec rowNumber = specs.get(0);
            assertEquals(List.of(new ColumnRef("g")), rowNumber.partitionBy());
            assertEquals(List.of(new SortKey(new ColumnRef("k"), true, false)), rowNumber.orderBy());
            assertEquals("ROW_NUMBER", rowNumber.functions().get(0).function());
            assertEquals(DataType.INT64, rowNumber.functions().get(0).outputType());
            WindowSpec byK = specs.stream().filter(s -> s.partitionBy().isEmpty()).findFirst().orElseThrow();
            assertEquals(List.of(SortKey.asc(new ColumnRef("k"))), byK.orderBy());
            WindowSpec.Function lag = byK.functions().get(0);
            assertEquals("LAG", lag.function());
            assertEquals(Optional.of(new ColumnRef("v")), lag.argument());
            assertEquals(2, lag.offset());
            assertEquals(DataType.decimal(21, 1), lag.outputType());
            assertEquals(Optional.of(new io.daft.dsl.Cast(Literal.integer(0, DataType.INT32), DataType.decimal(21, 1))), lag.defaultValue());
            boolean sawRowsFrame = false;
            for (WindowSpec s : specs) {
                for (WindowSpec.Function f : s.functions()) {
                    if (f.function().equals("SUM") || f.function().equals("SUM0")) {
                        assertEquals(true, f.frame().rows());
                        assertEquals(WindowSpec.Bound.Kind.PRECEDING, f.frame().lower().kind());
                        assertEquals(Optional.of(BigDecimal.valueOf(2)), f.frame().lower().offset());
                        assertEquals(WindowSpec.Bound.Kind.CURRENT_ROW, f.frame().upper().kind());
                        sawRowsFrame = true;
                    }
                }
            }
            assertEquals(true, sawRowsFrame, specs.toString());
        }
    }

    private static DaftWindow find(RelNode rel) {
        if (rel == null) {
            return null;
        }
        if (rel instanceof DaftWindow) {
            return (DaftWindow) rel;
        }
        for (RelNode in : rel.getInputs()) {
            DaftWindow w = find(in);
            if (w != null) {
                return w;
            }
        }
        return null;
    }
}
