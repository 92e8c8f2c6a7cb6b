package io.daft.calcite;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.PruneEmptyRules;
import org.apache.calcite.rel.rules.SemiJoinRule;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Calcite's rules that reason about empty inputs, corrected where they lose rows (Calcite 1.42):
 * <ul>
 *   <li>{@code PruneEmptyAggregate} replaces an aggregate over an empty input by an empty relation unless it has no
 *       group key at all; but an aggregate whose grouping sets include {@code ()} (ROLLUP, CUBE,
 *       {@code GROUPING SETS (..., ())}) also returns its grand-total row over an empty input. Ours keeps every
 *       aggregate with an empty grouping set.</li>
 *   <li>{@code SemiJoinRule} turns {@code Join(x, Aggregate(y))} whose other side is not used into a semi join of
 *       {@code x} with {@code y} itself. With no group key the aggregate has exactly one row even when {@code y} is
 *       empty (an IN sub-query's {@code COUNT(*)} under OR or CASE), and the semi join with an empty {@code y}
 *       emptied the whole query. Ours declines aggregates that have no group key or several grouping sets.</li>
 * </ul>
 */
final class EmptyInputRules {
    private EmptyInputRules() {
    }

    static final RelOptRule PRUNE_EMPTY_AGGREGATE = PruneEmptyRules.RemoveEmptySingleRule.RemoveEmptySingleRuleConfig.AGGREGATE
            .withDescription("DaftPruneEmptyAggregate")
            .as(PruneEmptyRules.RemoveEmptySingleRule.RemoveEmptySingleRuleConfig.class)
            .withOperandFor(Aggregate.class, EmptyInputRules::emptyWithoutRows)
            .toRule();

    static final RelOptRule PROJECT_TO_SEMI_JOIN = new KeyedProjectToSemiJoin(
            (SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig) SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig.DEFAULT
                    .withDescription("DaftSemiJoinRule:project"));

    static final RelOptRule AGGREGATE_TO_SEMI_JOIN = new KeyedAggregateToSemiJoin(
            (SemiJoinRule.AggregateToSemiJoinRule.AggregateToSemiJoinRuleConfig) SemiJoinRule.AggregateToSemiJoinRule.AggregateToSemiJoinRuleConfig.DEFAULT
                    .withDescription("DaftSemiJoinRule:aggregate"));

    static final RelOptRule JOIN_TO_SEMI_JOIN = new KeyedJoinToSemiJoin(
            (SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig) SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig.DEFAULT
                    .withDescription("DaftSemiJoinRule:join"));

    /** Replaces Calcite's versions of these rules in {@code planner}. */
    static void register(RelOptPlanner planner) {
        planner.removeRule(PruneEmptyRules.AGGREGATE_INSTANCE);
        planner.removeRule(CoreRules.PROJECT_TO_SEMI_JOIN);
        planner.removeRule(CoreRules.AGGREGATE_TO_SEMI_JOIN);
        planner.removeRule(CoreRules.JOIN_TO_SEMI_JOIN);
        planner.addRule(PRUNE_EMPTY_AGGREGATE);
        planner.addRule(PROJECT_TO_SEMI_JOIN);
        planner.addRule(AGGREGATE_TO_SEMI_JOIN);
        planner.addRule(JOIN_TO_SEMI_JOIN);
    }

    /** Whether {@code a} has no row when its input has none: every grouping set has a key. */
    static boolean emptyWithoutRows(Aggregate a) {
        return !a.getGroupSets().contains(ImmutableBitSet.of());
    }

    /** Whether {@code a} has one row per distinct key of its input, and so none over an empty input. */
    private static boolean distinctKeys(Aggregate a) {
        return a.getGroupCount() > 0 && a.getGroupType() == Aggregate.Group.SIMPLE;
    }

    private static final class KeyedProjectToSemiJoin extends SemiJoinRule.ProjectToSemiJoinRule {
        KeyedProjectToSemiJoin(ProjectToSemiJoinRuleConfig config) {
            super(config);
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            return distinctKeys(call.rel(3));
        }
    }

    private static final class KeyedAggregateToSemiJoin extends SemiJoinRule.AggregateToSemiJoinRule {
        KeyedAggregateToSemiJoin(AggregateToSemiJoinRuleConfig config) {
            super(config);
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            return distinctKeys(call.rel(3));
        }
    }

    private static final class KeyedJoinToSemiJoin extends SemiJoinRule.JoinToSemiJoinRule {
        KeyedJoinToSemiJoin(JoinToSemiJoinRuleConfig config) {
            super(config);
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            return distinctKeys(call.rel(2));
        }
    }
}
