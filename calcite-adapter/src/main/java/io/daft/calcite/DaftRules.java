package io.daft.calcite;

import io.daft.calcite.rel.DaftAggregate;
import io.daft.calcite.rel.DaftFilter;
import io.daft.calcite.rel.DaftJoin;
import io.daft.calcite.rel.DaftProject;
import io.daft.calcite.rel.DaftRel;
import io.daft.calcite.rel.DaftSort;
import io.daft.calcite.rel.DaftToEnumerableConverter;
import io.daft.calcite.rel.DaftUnion;
import io.daft.calcite.rel.DaftValues;
import io.daft.calcite.rel.RexToDaft;
import io.daft.core.Schema;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner rules that move Calcite's logical operators onto Daft, and the converter to Enumerable at the
 * root. {@link #register} also removes Calcite's own Enumerable and Bindable implementations, so a query either
 * runs entirely on Daft or fails with a "not supported" error naming the operator.
 */
public final class DaftRules {
    private DaftRules() {
    }

    /** Why the rules declined operators in the current planning (this thread), for the error message. */
    private static final ThreadLocal<Map<String, String>> DECLINED = ThreadLocal.withInitial(LinkedHashMap::new);

    static void declined(RelNode rel, String why) {
        DECLINED.get().putIfAbsent(rel.getRelTypeName(), why);
    }

    /** The reasons recorded since the last {@link #clearDeclined}, by operator. */
    public static Map<String, String> declinedReasons() {
        return new LinkedHashMap<>(DECLINED.get());
    }

    public static void clearDeclined() {
        DECLINED.get().clear();
    }

    public static final List<RelOptRule> RULES = List.of(
            DaftFilterRule.DEFAULT_CONFIG.toRule(DaftFilterRule.class),
            DaftProjectRule.DEFAULT_CONFIG.toRule(DaftProjectRule.class),
            DaftAggregateRule.DEFAULT_CONFIG.toRule(DaftAggregateRule.class),
            DaftJoinRule.DEFAULT_CONFIG.toRule(DaftJoinRule.class),
            DaftSortRule.DEFAULT_CONFIG.toRule(DaftSortRule.class),
            DaftUnionRule.DEFAULT_CONFIG.toRule(DaftUnionRule.class),
            DaftSetOpAllRule.INTERSECT_CONFIG.toRule(DaftSetOpAllRule.class),
            DaftSetOpAllRule.MINUS_CONFIG.toRule(DaftSetOpAllRule.class),
            DaftValuesRule.DEFAULT_CONFIG.toRule(DaftValuesRule.class),
            DaftWindowRule.DEFAULT_CONFIG.toRule(DaftWindowRule.class),
            DaftUncollectRule.DEFAULT_CONFIG.toRule(DaftUncollectRule.class),
            DaftUnnestRule.DEFAULT_CONFIG.toRule(DaftUnnestRule.class),
            DaftToEnumerableRule.DEFAULT_CONFIG.toRule(DaftToEnumerableRule.class));

    /** Installs the Daft rules and removes the rules that would run operators in Calcite instead. */
    public static void register(RelOptPlanner planner) {
        for (RelOptRule r : new ArrayList<>(planner.getRules())) {
            String pkg = r.getClass().getPackageName();
            if (pkg.equals("org.apache.calcite.adapter.enumerable") || pkg.equals("org.apache.calcite.interpreter")) {
                planner.removeRule(r);
            }
        }
        // Daft computes AVG/STDDEV/VARIANCE natively; Calcite's rewrite into SUM/COUNT would change the numerics.
        planner.removeRule(CoreRules.AGGREGATE_REDUCE_FUNCTIONS);
        EmptyInputRules.register(planner);
        planner.addRule(CoreRules.MINUS_TO_DISTINCT);
        planner.addRule(CoreRules.INTERSECT_TO_DISTINCT);
        for (RelOptRule r : RULES) {
            planner.addRule(r);
        }
    }

    private static RelTraitSet daft(RelNode rel) {
        return rel.getTraitSet().replace(DaftRel.CONVENTION);
    }

    private static RelNode daftInput(RelNode input) {
        return ConverterRule.convert(input, input.getTraitSet().replace(DaftRel.CONVENTION));
    }

    /** Whether Daft can translate these expressions over {@code input}; records why not. */
    private static boolean translatable(RelNode rel, RelNode input, List<RexNode> exprs) {
        Schema schema = DaftTypes.toSchema(input.getRowType());
        RexToDaft rex = new RexToDaft(rel.getCluster().getRexBuilder(), schema);
        for (RexNode e : exprs) {
            if (e instanceof RexOver || org.apache.calcite.rex.RexOver.containsOver(e)) {
                declined(rel, "window function " + e);
                return false;
            }
            try {
                rex.translate(e);
            } catch (RuntimeException ex) {
                declined(rel, ex.getMessage());
                return false;
            }
        }
        return true;
    }

    /** Filter. */
    public static final class DaftFilterRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalFilter.class, Convention.NONE, DaftRel.CONVENTION, "DaftFilterRule")
                .withRuleFactory(DaftFilterRule::new);

        DaftFilterRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalFilter f = (LogicalFilter) rel;
            if (!translatable(f, f.getInput(), List.of(f.getCondition()))) {
                return null;
            }
            return new DaftFilter(f.getCluster(), daft(f), daftInput(f.getInput()), f.getCondition());
        }
    }

    /** Project. */
    public static final class DaftProjectRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalProject.class, Convention.NONE, DaftRel.CONVENTION, "DaftProjectRule")
                .withRuleFactory(DaftProjectRule::new);

        DaftProjectRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalProject p = (LogicalProject) rel;
            if (!translatable(p, p.getInput(), p.getProjects())) {
                return null;
            }
            return new DaftProject(p.getCluster(), daft(p), daftInput(p.getInput()), p.getProjects(), p.getRowType());
        }
    }

    /** Aggregate (with grouping sets). */
    public static final class DaftAggregateRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalAggregate.class, Convention.NONE, DaftRel.CONVENTION, "DaftAggregateRule")
                .withRuleFactory(DaftAggregateRule::new);

        DaftAggregateRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalAggregate a = (LogicalAggregate) rel;
            for (AggregateCall call : a.getAggCallList()) {
                String why = DaftAggregate.unsupportedReason(call);
                if (why != null) {
                    declined(a, why);
                    return null;
                }
            }
            if (a.getAggCallList().isEmpty() && a.getGroupSet().isEmpty()) {
                declined(a, "an aggregate with neither keys nor aggregate functions");
                return null;
            }
            return new DaftAggregate(a.getCluster(), daft(a), daftInput(a.getInput()), a.getGroupSet(), a.getGroupSets(), a.getAggCallList());
        }
    }

    /** Join. */
    public static final class DaftJoinRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalJoin.class, Convention.NONE, DaftRel.CONVENTION, "DaftJoinRule")
                .withRuleFactory(DaftJoinRule::new);

        DaftJoinRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalJoin j = (LogicalJoin) rel;
            switch (j.getJoinType()) {
                case INNER: case LEFT: case RIGHT: case FULL: case SEMI: case ANTI: break;
                default:
                    declined(j, j.getJoinType() + " join");
                    return null;
            }
            // the condition is over left + right columns: check it against the joined row type
            Schema joined = DaftTypes.toSchema(org.apache.calcite.rel.core.Join.deriveJoinRowType(
                    j.getLeft().getRowType(), j.getRight().getRowType(), org.apache.calcite.rel.core.JoinRelType.INNER,
                    j.getCluster().getTypeFactory(), null, List.of()));
            try {
                new RexToDaft(j.getCluster().getRexBuilder(), joined).translate(j.getCondition());
            } catch (RuntimeException ex) {
                declined(j, ex.getMessage());
                return null;
            }
            return new DaftJoin(j.getCluster(), daft(j), daftInput(j.getLeft()), daftInput(j.getRight()), j.getCondition(), j.getJoinType());
        }
    }

    /** Sort, limit, offset. */
    public static final class DaftSortRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalSort.class, Convention.NONE, DaftRel.CONVENTION, "DaftSortRule")
                .withRuleFactory(DaftSortRule::new);

        DaftSortRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalSort s = (LogicalSort) rel;
            if ((s.fetch != null && !(s.fetch instanceof org.apache.calcite.rex.RexLiteral))
                    || (s.offset != null && !(s.offset instanceof org.apache.calcite.rex.RexLiteral))) {
                declined(s, "LIMIT/OFFSET that are not literals");
                return null;
            }
            return new DaftSort(s.getCluster(), daft(s), daftInput(s.getInput()), s.getCollation(), s.offset, s.fetch);
        }
    }

    /** Union. */
    public static final class DaftUnionRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalUnion.class, Convention.NONE, DaftRel.CONVENTION, "DaftUnionRule")
                .withRuleFactory(DaftUnionRule::new);

        DaftUnionRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalUnion u = (LogicalUnion) rel;
            List<RelNode> inputs = new ArrayList<>();
            for (RelNode in : u.getInputs()) {
                inputs.add(daftInput(in));
            }
            return new DaftUnion(u.getCluster(), daft(u), inputs, u.all);
        }
    }

    /**
     * INTERSECT ALL and EXCEPT ALL; their DISTINCT forms are rewritten by Calcite's IntersectToDistinctRule and
     * MinusToDistinctRule, so this rule declines them.
     */
    public static final class DaftSetOpAllRule extends ConverterRule {
        static final Config INTERSECT_CONFIG = Config.INSTANCE
                .withConversion(org.apache.calcite.rel.logical.LogicalIntersect.class, Convention.NONE, DaftRel.CONVENTION, "DaftIntersectAllRule")
                .withRuleFactory(DaftSetOpAllRule::new);
        static final Config MINUS_CONFIG = Config.INSTANCE
                .withConversion(org.apache.calcite.rel.logical.LogicalMinus.class, Convention.NONE, DaftRel.CONVENTION, "DaftMinusAllRule")
                .withRuleFactory(DaftSetOpAllRule::new);

        DaftSetOpAllRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            org.apache.calcite.rel.core.SetOp op = (org.apache.calcite.rel.core.SetOp) rel;
            if (!op.all) {
                return null;
            }
            List<RelNode> inputs = new ArrayList<>();
            for (RelNode in : op.getInputs()) {
                inputs.add(daftInput(in));
            }
            return new io.daft.calcite.rel.DaftSetOpAll(op.getCluster(), daft(op), inputs, op.kind);
        }
    }

    /** Values. */
    public static final class DaftValuesRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(LogicalValues.class, Convention.NONE, DaftRel.CONVENTION, "DaftValuesRule")
                .withRuleFactory(DaftValuesRule::new);

        DaftValuesRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalValues v = (LogicalValues) rel;
            try {
                DaftTypes.toSchema(v.getRowType());
            } catch (RuntimeException ex) {
                declined(v, ex.getMessage());
                return null;
            }
            return new DaftValues(v.getCluster(), v.getRowType(), v.getTuples(), daft(v));
        }
    }

    /** Window (OVER). */
    public static final class DaftWindowRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(org.apache.calcite.rel.logical.LogicalWindow.class, Convention.NONE, DaftRel.CONVENTION, "DaftWindowRule")
                .withRuleFactory(DaftWindowRule::new);

        DaftWindowRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            org.apache.calcite.rel.logical.LogicalWindow w = (org.apache.calcite.rel.logical.LogicalWindow) rel;
            String why = io.daft.calcite.rel.DaftWindow.unsupportedReason(w);
            if (why != null) {
                declined(w, why);
                return null;
            }
            return new io.daft.calcite.rel.DaftWindow(w.getCluster(), daft(w), daftInput(w.getInput()), w.getConstants(), w.getRowType(), w.groups);
        }
    }

    /** DAFT to ENUMERABLE, at the root. */
    public static final class DaftToEnumerableRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(RelNode.class, DaftRel.CONVENTION, EnumerableConvention.INSTANCE, "DaftToEnumerableRule")
                .withRuleFactory(DaftToEnumerableRule::new);

        DaftToEnumerableRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            return new DaftToEnumerableConverter(rel.getCluster(), rel);
        }
    }

    /** Whether UNNEST of this Uncollect makes a struct element's fields columns (Calcite does without item aliases). */
    static boolean expandsStruct(org.apache.calcite.rel.core.Uncollect u, RelNode input) {
        org.apache.calcite.rel.type.RelDataType t = input.getRowType().getFieldList().get(0).getType();
        return u.getItemAliases().isEmpty() && t.getComponentType() != null && t.getComponentType().isStruct();
    }

    /** Why an Uncollect cannot be an explode (several arrays, or a type without elements), if it cannot. */
    private static java.util.Optional<String> unnestUnsupported(org.apache.calcite.rel.core.Uncollect u, RelNode input) {
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = input.getRowType().getFieldList();
        if (fields.size() != 1) {
            return java.util.Optional.of("UNNEST of " + fields.size() + " arrays at once is not supported: unnest each in its own FROM item");
        }
        org.apache.calcite.sql.type.SqlTypeName t = fields.get(0).getType().getSqlTypeName();
        if (t != org.apache.calcite.sql.type.SqlTypeName.ARRAY && t != org.apache.calcite.sql.type.SqlTypeName.MAP) {
            return java.util.Optional.of("UNNEST of a " + t + " value is not supported");
        }
        return java.util.Optional.empty();
    }

    /** {@code SELECT ... FROM UNNEST(<array without outer references>)}: an explode of its one-column input. */
    public static final class DaftUncollectRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(org.apache.calcite.rel.core.Uncollect.class, Convention.NONE, DaftRel.CONVENTION, "DaftUncollectRule")
                .withRuleFactory(DaftUncollectRule::new);

        DaftUncollectRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            org.apache.calcite.rel.core.Uncollect u = (org.apache.calcite.rel.core.Uncollect) rel;
            java.util.Optional<String> why = unnestUnsupported(u, u.getInput());
            if (why.isPresent()) {
                declined(u, why.get());
                return null;
            }
            return new io.daft.calcite.rel.DaftUnnest(u.getCluster(), daft(u), daftInput(u.getInput()), 0, false,
                    u.withOrdinality, expandsStruct(u, u.getInput()), u.getRowType());
        }
    }

    /** A lateral UNNEST made logical by {@link UnnestRewrite}. */
    public static final class DaftUnnestRule extends ConverterRule {
        static final Config DEFAULT_CONFIG = Config.INSTANCE
                .withConversion(io.daft.calcite.rel.LogicalUnnest.class, Convention.NONE, DaftRel.CONVENTION, "DaftUnnestRule")
                .withRuleFactory(DaftUnnestRule::new);

        DaftUnnestRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            io.daft.calcite.rel.LogicalUnnest u = (io.daft.calcite.rel.LogicalUnnest) rel;
            return new io.daft.calcite.rel.DaftUnnest(u.getCluster(), daft(u), daftInput(u.getInput()), u.source(), u.outer(),
                    u.withOrdinality(), u.expandStruct(), u.getRowType());
        }
    }
}
