package io.daft.calcite;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;

/**
 * Replaces {@code CAST(CAST(x AS T NOT NULL) AS T)} of a nullable {@code x} of type {@code T} by {@code x}. Calcite
 * converts {@code COALESCE(x, y)} into {@code CASE WHEN x IS NOT NULL THEN CAST(CAST(x AS T NOT NULL) AS T) ELSE y
 * END}; its simplifier, folding such a CASE into one branch, kept the NOT NULL cast and then took the value for
 * never NULL: {@code COALESCE(x, x) > 1 OR COALESCE(x, x) <= 1} became TRUE and rows of a NULL {@code x} passed the
 * filter (found by the fuzzer). The pair of casts does nothing the CASE needs, so it goes before the cost-based
 * phase, whose rules simplify.
 */
final class NotNullCasts extends RexShuttle {
    private NotNullCasts() {
    }

    /** The rewrite as a program step, to run on the decorrelated plan before the cost-based phase. */
    static Program program() {
        NotNullCasts casts = new NotNullCasts();
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                return super.visit(other).accept(casts);
            }
        });
    }

    @Override
    public RexNode visitCall(RexCall call) {
        RexNode visited = super.visitCall(call);
        if (visited.getKind() == SqlKind.CAST && visited.getType().isNullable()
                && ((RexCall) visited).getOperands().get(0) instanceof RexCall inner && inner.getKind() == SqlKind.CAST
                && !inner.getType().isNullable()) {
            RexNode x = inner.getOperands().get(0);
            if (x.getType().equals(visited.getType())) {
                return x;
            }
        }
        return visited;
    }
}
