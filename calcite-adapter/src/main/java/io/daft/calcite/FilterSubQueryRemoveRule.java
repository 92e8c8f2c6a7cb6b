package io.daft.calcite;

import com.google.common.collect.ImmutableList;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.LogicVisitor;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Calcite's removal of sub-queries from a filter, except for the logic a sub-query under OR is evaluated with.
 * A filter keeps the rows whose condition is true, and AND and OR give the same verdict whether an operand is
 * unknown or false, so a sub-query reached through AND and OR only may answer unknown as false
 * ({@code UNKNOWN_AS_FALSE}). Calcite asks for full three-valued logic as soon as an OR is on the way, and for
 * a several-column IN that means a join whose condition is {@code (a = x OR x IS NULL) AND (b = y OR y IS NULL)}:
 * no equality keys, a nested loop over both sides. Unknown as false joins on the keys against the distinct
 * key tuples. Where three values matter, a several-column IN is {@link MultiColumnIn}'s.
 */
final class FilterSubQueryRemoveRule extends DaftSubQueryRemoveRule {
    static final FilterSubQueryRemoveRule INSTANCE = new FilterSubQueryRemoveRule();

    private FilterSubQueryRemoveRule() {
        super((Config) Config.FILTER.withDescription("DaftSubQueryRemoveRule:Filter"));
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        RelBuilder builder = call.builder();
        builder.push(filter.getInput());
        int count = 0;
        RexNode c = filter.getCondition();
        for (RexSubQuery e = RexUtil.SubQueryFinder.find(c); e != null; e = RexUtil.SubQueryFinder.find(c)) {
            ++count;
            RelOptUtil.Logic logic = logic(c, e);
            Set<CorrelationId> variables = RelOptUtil.getVariablesUsed(e.rel);
            // only the correlation variables this filter defines
            variables.retainAll(filter.getVariablesSet());
            RexNode target = apply(e, variables, logic, builder, 1, builder.peek().getRowType().getFieldCount(), count);
            RexSubQuery replaced = e;
            c = c.accept(new RexShuttle() {
                @Override
                public RexNode visitSubQuery(RexSubQuery s) {
                    return s.equals(replaced) ? target : super.visitSubQuery(s);
                }
            });
        }
        builder.filter(c);
        List<RexNode> fields = new ArrayList<>();
        for (int i = 0; i < filter.getRowType().getFieldCount(); i++) {
            fields.add(builder.field(i));
        }
        builder.project(fields);
        call.transformTo(builder.build());
    }

    /** The logic {@code e} needs within {@code condition}, a filter's condition. */
    static RelOptUtil.Logic logic(RexNode condition, RexSubQuery e) {
        RelOptUtil.Logic calcite = LogicVisitor.find(RelOptUtil.Logic.TRUE, ImmutableList.of(condition), e);
        return calcite == RelOptUtil.Logic.TRUE_FALSE_UNKNOWN && onlyUnderAndOr(condition, e)
                ? RelOptUtil.Logic.UNKNOWN_AS_FALSE : calcite;
    }

    /** Whether every occurrence of {@code e} in {@code node} is reached through AND and OR only. */
    private static boolean onlyUnderAndOr(RexNode node, RexSubQuery e) {
        if (node.equals(e)) {
            return true;
        }
        if (node.getKind() == SqlKind.AND || node.getKind() == SqlKind.OR) {
            for (RexNode operand : ((RexCall) node).getOperands()) {
                if (!onlyUnderAndOr(operand, e)) {
                    return false;
                }
            }
            return true;
        }
        return !contains(node, e);
    }

    private static boolean contains(RexNode node, RexSubQuery e) {
        if (node.equals(e)) {
            return true;
        }
        if (node instanceof RexCall) {
            for (RexNode operand : ((RexCall) node).getOperands()) {
                if (contains(operand, e)) {
                    return true;
                }
            }
        }
        return false;
    }
}
