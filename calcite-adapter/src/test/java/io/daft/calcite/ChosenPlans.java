package io.daft.calcite;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The plan Calcite chose for a statement, for tests that assert on a plan's shape. */
final class ChosenPlans {
    private ChosenPlans() {
    }

    /** The optimized Daft plan of {@code sql} on {@code engine}'s connection (the statement is prepared, not run). */
    static RelNode of(DaftSqlEngine engine, String sql) throws Exception {
        AtomicReference<RelNode> best = new AtomicReference<>();
        try (Hook.Closeable h = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot r) -> best.set(r.rel));
             PreparedStatement ps = engine.connection().prepareStatement(sql)) {
            assertNotNull(best.get(), sql);
            return best.get();
        }
    }
}
