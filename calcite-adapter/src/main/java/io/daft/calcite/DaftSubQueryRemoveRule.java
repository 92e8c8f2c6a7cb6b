package io.daft.calcite;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.rules.SubQueryRemoveRule;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Calcite's removal of sub-queries, with a several-column IN whose three-valued answer matters rewritten by
 * {@link MultiColumnIn} (Calcite's repeats outer rows), and an IN of literals whose unknown may be false (under
 * OR, IS NOT FALSE of NOT) rewritten with three values (Calcite's answers TRUE when the sub-query has a NULL).
 * A correlated IN of literals answers FALSE where its sub-query is empty (Calcite's checks emptiness only when
 * uncorrelated, so {@code NULL NOT IN (SELECT ...)} was unknown for every row). {@link #PROJECT} and {@link #JOIN}
 * are Calcite's rules for sub-queries in a project and a join condition; filters have {@link FilterSubQueryRemoveRule}.
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
        Optional<RexNode> multiColumn = MultiColumnIn.rewrite(e, variablesSet, logic, builder);
        if (multiColumn.isPresent()) {
            return multiColumn.get();
        }
        RexNode result = super.apply(e, variablesSet, logic, builder, inputCount, offset, subQueryIndex);
        if (e.getKind() == SqlKind.IN && RexUtil.allLiterals(e.getOperands()) && !variablesSet.isEmpty()
                && (logic == RelOptUtil.Logic.TRUE_FALSE_UNKNOWN || logic == RelOptUtil.Logic.UNKNOWN_AS_TRUE)) {
            return emptyIsFalse(result, builder, subQueryIndex);
        }
        return result;
    }

    /**
     * Calcite's CASE for a correlated IN of literals with a first branch {@code WHEN dt.cs IS NULL THEN FALSE}.
     * Its sub-query is left joined as at most one row {@code cs} (whether a matching or NULL value has no NULL),
     * never NULL itself, so a NULL {@code cs} means no row matched or was NULL: the IN is FALSE even for a NULL
     * operand. Calcite adds this branch for an uncorrelated sub-query only.
     */
    private static RexNode emptyIsFalse(RexNode result, RelBuilder builder, int subQueryIndex) {
        if (result.getKind() == SqlKind.CAST && ((RexCall) result).getOperands().get(0).getKind() == SqlKind.CASE) {
            // Calcite's cast of a never-NULL CASE to the IN's nullable type
            RexNode inner = emptyIsFalse(((RexCall) result).getOperands().get(0), builder, subQueryIndex);
            return builder.getRexBuilder().makeCast(result.getType(), inner, false, false);
        }
        if (result.getKind() != SqlKind.CASE) {
            // a sub-query known to be empty is FALSE already
            return result;
        }
        String alias = subQueryIndex == 0 ? "dt" : "dt" + subQueryIndex;
        List<RexNode> operands = new ArrayList<>();
        operands.add(builder.isNull(builder.field(alias, "cs")));
        operands.add(builder.literal(false));
        operands.addAll(((RexCall) result).getOperands());
        return builder.call(SqlStdOperatorTable.CASE, operands);
    }
}
