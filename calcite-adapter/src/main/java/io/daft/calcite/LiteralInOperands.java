package io.daft.calcite;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives the literal operands of a nullable {@code x IN (SELECT ...)} a nullable type. Calcite's simplifier judges an
 * IN's nullability by its operands only, so with literals it took {@code 7 NOT IN (SELECT x ...)} for never NULL
 * and simplified {@code (7 NOT IN (...) AND id >= id) IS NOT FALSE} to {@code 7 NOT IN (...)}, dropping the rows
 * where the sub-query's NULLs make it unknown (found by the fuzzer). Runs on the converted plan, before Calcite's
 * first field trimming simplifies.
 */
final class LiteralInOperands extends RelHomogeneousShuttle {
    private final RexShuttle operands;

    private LiteralInOperands(RexBuilder rex) {
        RelDataTypeFactory types = rex.getTypeFactory();
        RelHomogeneousShuttle rels = this;
        this.operands = new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery s) {
                RexSubQuery visited = s.clone(s.rel.accept(rels));
                if ((visited.getKind() != SqlKind.IN && visited.getKind() != SqlKind.SOME) || !visited.getType().isNullable()
                        || !RexUtil.allLiterals(visited.getOperands())) {
                    return super.visitSubQuery(visited);
                }
                List<RexNode> nullable = new ArrayList<>();
                for (RexNode o : visited.getOperands()) {
                    nullable.add(o.getType().isNullable() ? o
                            : rex.makeAbstractCast(types.createTypeWithNullability(o.getType(), true), o));
                }
                return visited.clone(visited.getType(), nullable);
            }
        };
    }

    /** {@code rel} with the operands of its IN sub-queries of literals typed nullable. */
    static RelNode rewrite(RelNode rel) {
        return rel.accept(new LiteralInOperands(rel.getCluster().getRexBuilder()));
    }

    @Override
    public RelNode visit(RelNode other) {
        return super.visit(other).accept(operands);
    }
}
