package io.daft.calcite;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.rules.SubQueryRemoveRule;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

import java.util.Set;

/**
 * Calcite's removal of sub-queries, with a several-column IN whose three-valued answer matters rewritten by
 * {@link MultiColumnIn} (Calcite's repeats outer rows), and an IN of literals whose unknown may be false (under
 * OR, IS NOT FALSE of NOT) rewritten with three values (Calcite's answers TRUE when the sub-query has a NULL). {@link #PROJECT} and {@link #JOIN} are Calcite's rules for
 * sub-queries in a project and a join condition; filters have {@link FilterSubQueryRemoveRule}.
 */
class DaftSubQueryRemoveRule extends SubQueryRemoveRule {
    static final DaftSubQueryRemoveRule PROJECT =
            new DaftSubQueryRemoveRule((Config) Config.PROJECT.withDescription("DaftSubQueryRemoveRule:Project"));
    static final DaftSubQueryRemoveRule JOIN =
            new DaftSubQueryRemoveRule((Config) Config.JOIN.withDescription("DaftSubQueryRemoveRule:Join"));

    DaftSubQueryRemoveRule(Config config) {
        super(config);
    }

    @Override
    protected RexNode apply(RexSubQuery e, Set<CorrelationId> variablesSet, RelOptUtil.Logic logic, RelBuilder builder,
                            int inputCount, int offset, int subQueryIndex) {
        if (e.getKind() == SqlKind.IN && logic == RelOptUtil.Logic.UNKNOWN_AS_FALSE && RexUtil.allLiterals(e.getOperands())) {
            // Calcite's IN of literals answers unknown-as-false with "the sub-query has the value or a NULL", TRUE
            // where the value is missing and a NULL is there: ask for three values and keep TRUE only
            return builder.call(SqlStdOperatorTable.IS_TRUE, apply(e, variablesSet, RelOptUtil.Logic.TRUE_FALSE_UNKNOWN,
                    builder, inputCount, offset, subQueryIndex));
        }
        return MultiColumnIn.rewrite(e, variablesSet, logic, builder)
                .orElseGet(() -> super.apply(e, variablesSet, logic, builder, inputCount, offset, subQueryIndex));
    }
}
