package io.daft.calcite;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.rel.rules.LoptOptimizeJoinRule;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.tools.RelBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders inner joins of three or more tables by cost, from statistics ({@link JoinCardinality}: tables' rows from
 * Parquet footers, equi-join keys' distinct values bounded by their value ranges there): the order with the least
 * total of intermediate rows wins, found by
 * dynamic programming over connected subsets (bushy trees; cross products only when the query has them). The
 * larger input of each join goes left, so the hash table is built from the smaller.
 *
 * <p>Calcite's own heuristic ({@link LoptOptimizeJoinRule}) guesses every equality at selectivity 0.15 whatever the
 * keys, which at TPC-H SF10 joined all customers of a region with all its suppliers on the nation key (1.2 billion
 * rows) in q05. It still orders joins with outer joins and joins of more than {@value #MAX_DP_FACTORS} tables.
 */
final class JoinOrder extends RelRule<RelRule.Config> {
    /** Subsets grow as 2^n and split pairs as 3^n: 12 tables take well under a second. */
    static final int MAX_DP_FACTORS = 12;

    private static final List<RelOptRule> EXHAUSTIVE_JOIN_RULES = List.of(CoreRules.JOIN_COMMUTE, CoreRules.JOIN_ASSOCIATE,
            JoinPushThroughJoinRule.LEFT, JoinPushThroughJoinRule.RIGHT);

    /** The rule, for multi-joins of inner joins only (on a copy of Calcite's heuristic's configuration, the one at hand). */
    static final JoinOrder INSTANCE = new JoinOrder(LoptOptimizeJoinRule.Config.DEFAULT
            .withOperandSupplier(b -> b.operand(MultiJoin.class).predicate(JoinOrder::handles).anyInputs())
            .withDescription("JoinOrder"));

    private JoinOrder(RelRule.Config config) {
        super(config);
    }

    /**
     * The cost-based phase with ordered joins: when the query has at least {@code minJoinCount} joins, inner joins
     * are gathered into multi-joins and ordered (this rule, or Calcite's heuristic for the rest) before the
     * cost-based planner runs without the rules that would reorder them exhaustively (as
     * {@code Programs.heuristicJoinOrder} does, with this rule in place of its heuristic).
     */
    static Program program(int minJoinCount) {
        return (planner, rel, traits, materializations, lattices) -> {
            if (RelOptUtil.countJoins(rel) < minJoinCount) {
                return Programs.ofRules(planner.getRules()).run(planner, rel, traits, materializations, lattices);
            }
            HepProgram gather = new HepProgramBuilder()
                    .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
                    .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                    .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
                    .build();
            // inner multi-joins first, so an outer one estimates its factors over joins already ordered
            HepProgram order = new HepProgramBuilder()
                    .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                    .addRuleCollection(List.of(INSTANCE, HEURISTIC))
                    .build();
            List<RelOptRule> rules = new ArrayList<>(planner.getRules());
            rules.removeAll(EXHAUSTIVE_JOIN_RULES);
            return Programs.sequence(
                    Programs.of(gather, false, DefaultRelMetadataProvider.INSTANCE),
                    Programs.of(order, false, DefaultRelMetadataProvider.INSTANCE),
                    Programs.ofRules(rules)).run(planner, rel, traits, materializations, lattices);
        };
    }

    /** Calcite's heuristic, for the multi-joins this rule leaves. */
    private static final RelOptRule HEURISTIC = LoptOptimizeJoinRule.Config.DEFAULT
            .withOperandSupplier(b -> b.operand(MultiJoin.class).predicate(mj -> !handles(mj)).anyInputs())
            .as(LoptOptimizeJoinRule.Config.class)
            .toRule();

    private static boolean handles(MultiJoin mj) {
        if (mj.isFullOuterJoin() || mj.getInputs().size() > MAX_DP_FACTORS) {
            return false;
        }
        for (JoinRelType t : mj.getJoinTypes()) {
            if (t != JoinRelType.INNER) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        MultiJoin mj = call.rel(0);
        call.transformTo(new Planner(mj, call.getMetadataQuery(), call.builder()).plan());
    }

    /** Ordering of one multi-join. */
    private static final class Planner {
        private final MultiJoin mj;
        private final JoinCardinality estimates;
        private final RelBuilder builder;
        private final RexBuilder rex;
        private final List<RelNode> factors;
        /** First field of each factor in the multi-join's row. */
        private final int[] offsets;
        private final List<Conjunct> conjuncts = new ArrayList<>();
        private final double[] rows;

        Planner(MultiJoin mj, RelMetadataQuery mq, RelBuilder builder) {
            this.mj = mj;
            this.estimates = new JoinCardinality(mq);
            this.builder = builder;
            this.rex = mj.getCluster().getRexBuilder();
            this.factors = mj.getInputs();
            this.offsets = new int[factors.size() + 1];
            for (int i = 0; i < factors.size(); i++) {
                offsets[i + 1] = offsets[i] + factors.get(i).getRowType().getFieldCount();
            }
            this.rows = new double[factors.size()];
            for (int i = 0; i < factors.size(); i++) {
                rows[i] = estimates.rows(factors.get(i));
            }
            for (RexNode c : RelOptUtil.conjunctions(mj.getJoinFilter())) {
                if (!c.isAlwaysTrue()) {
                    conjuncts.add(new Conjunct(c, factorsOf(c)));
                }
            }
        }

        /** A conjunct of the join condition and the factors it reads (a bit each). */
        private record Conjunct(RexNode condition, int factors) {
        }

        RelNode plan() {
            int n = factors.size();
            int all = (1 << n) - 1;
            double[] card = new double[1 << n];
            double[] cost = new double[1 << n];
            int[] split = new int[1 << n];
            double[] selectivity = selectivities();
            for (int s = 1; s <= all; s++) {
                double c = 1;
                for (int f = 0; f < n; f++) {
                    if ((s & (1 << f)) != 0) {
                        c *= rows[f];
                    }
                }
                for (int i = 0; i < conjuncts.size(); i++) {
                    int fs = conjuncts.get(i).factors;
                    if (fs != 0 && (fs & s) == fs && Integer.bitCount(fs) > 1) {
                        c *= selectivity[i];
                    }
                }
                card[s] = Math.max(1.0, c);
                cost[s] = Integer.bitCount(s) == 1 ? 0 : Double.POSITIVE_INFINITY;
            }
            // connected pairs first; only a query with a cross product needs the second round
            for (boolean crossProducts : new boolean[] {false, true}) {
                for (int s = 1; s <= all; s++) {
                    if (Integer.bitCount(s) < 2) {
                        continue;
                    }
                    for (int a = (s - 1) & s; a > 0; a = (a - 1) & s) {
                        int b = s & ~a;
                        if (a < b || cost[a] == Double.POSITIVE_INFINITY || cost[b] == Double.POSITIVE_INFINITY) {
                            continue; // each unordered pair once; sides must be plannable
                        }
                        if (!crossProducts && !connected(a, b)) {
                            continue;
                        }
                        double c = cost[a] + cost[b] + card[s];
                        if (c < cost[s]) {
                            cost[s] = c;
                            split[s] = a;
                        }
                    }
                }
                if (cost[all] != Double.POSITIVE_INFINITY) {
                    break;
                }
            }
            Built tree = build(all, split, card);
            // back to the multi-join's field order, then what applies above the joins
            List<RexNode> fields = new ArrayList<>();
            for (int i = 0; i < offsets[n]; i++) {
                fields.add(rex.makeInputRef(tree.rel, tree.positionOf(i)));
            }
            builder.push(tree.rel).project(fields, mj.getRowType().getFieldNames(), true);
            List<RexNode> constant = conditionsOn(0);
            if (!constant.isEmpty()) {
                builder.filter(constant);
            }
            if (mj.getPostJoinFilter() != null) {
                builder.filter(mj.getPostJoinFilter());
            }
            return builder.build();
        }

        /** A joined subset: its relation, and where each multi-join field sits in its row. */
        private record Built(RelNode rel, int[] fields) {
            int positionOf(int field) {
                for (int i = 0; i < fields.length; i++) {
                    if (fields[i] == field) {
                        return i;
                    }
                }
                throw new IllegalStateException("field " + field + " not in join tree");
            }
        }

        private Built build(int set, int[] split, double[] card) {
            if (Integer.bitCount(set) == 1) {
                int f = Integer.numberOfTrailingZeros(set);
                int[] fields = new int[offsets[f + 1] - offsets[f]];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = offsets[f] + i;
                }
                Built leaf = new Built(factors.get(f), fields);
                List<RexNode> own = conditionsOn(set);
                if (own.isEmpty()) {
                    return leaf;
                }
                return new Built(builder.push(leaf.rel).filter(remap(own, leaf)).build(), fields);
            }
            int a = split[set];
            int b = set & ~a;
            // the larger side probes, the smaller is built into the hash table
            if (card[a] < card[b]) {
                int t = a;
                a = b;
                b = t;
            }
            Built left = build(a, split, card);
            Built right = build(b, split, card);
            int[] fields = new int[left.fields.length + right.fields.length];
            System.arraycopy(left.fields, 0, fields, 0, left.fields.length);
            System.arraycopy(right.fields, 0, fields, left.fields.length, right.fields.length);
            builder.push(left.rel).push(right.rel);
            Built joined = new Built(null, fields);
            RexNode condition = RexUtil.composeConjunction(rex, remap(joinConditions(a, b), joined));
            return new Built(builder.join(JoinRelType.INNER, condition).build(), fields);
        }

        /** Conjuncts over two or more factors that {@code a} and {@code b} together read, but neither alone. */
        private List<RexNode> joinConditions(int a, int b) {
            List<RexNode> out = new ArrayList<>();
            for (Conjunct c : conjuncts) {
                int fs = c.factors;
                if (Integer.bitCount(fs) > 1 && (fs & (a | b)) == fs && (fs & a) != fs && (fs & b) != fs) {
                    out.add(c.condition);
                }
            }
            return out;
        }

        /** Conjuncts that read only {@code factors} (one factor), or nothing (0). */
        private List<RexNode> conditionsOn(int factors) {
            List<RexNode> out = new ArrayList<>();
            for (Conjunct c : conjuncts) {
                if (c.factors == factors) {
                    out.add(c.condition);
                }
            }
            return out;
        }

        private List<RexNode> remap(List<RexNode> conditions, Built target) {
            Map<Integer, Integer> position = new HashMap<>();
            for (int i = 0; i < target.fields.length; i++) {
                position.put(target.fields[i], i);
            }
            RexShuttle shuttle = new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(position.get(ref.getIndex()), ref.getType());
                }
            };
            List<RexNode> out = new ArrayList<>();
            for (RexNode c : conditions) {
                out.add(c.accept(shuttle));
            }
            return out;
        }

        private boolean connected(int a, int b) {
            for (Conjunct c : conjuncts) {
                if ((c.factors & a) != 0 && (c.factors & b) != 0) {
                    return true;
                }
            }
            return false;
        }

        private int factorsOf(RexNode c) {
            int mask = 0;
            for (int field : RelOptUtil.InputFinder.bits(c)) {
                mask |= 1 << factorOf(field);
            }
            return mask;
        }

        private int factorOf(int field) {
            for (int f = 0; f < factors.size(); f++) {
                if (field < offsets[f + 1]) {
                    return f;
                }
            }
            throw new IllegalArgumentException("field " + field + " beyond the multi-join's inputs");
        }

        /**
         * Per conjunct, the fraction of its factors' product it keeps. An equality {@code a = b} between two
         * factors keeps {@code 1 / max(ndv(a), ndv(b))}. Equalities between the same two factors (a composite key)
         * keep only what the most selective of them keeps: their columns are rarely independent (lineitem's part
         * and supplier keys both point into partsupp's rows), and multiplying would under-count the rows by orders
         * of magnitude, putting a table of millions of rows on the build side. Other conjuncts get Calcite's guess.
         */
        private double[] selectivities() {
            double[] out = new double[conjuncts.size()];
            Map<Long, List<Integer>> byPair = new HashMap<>();
            for (int i = 0; i < conjuncts.size(); i++) {
                Conjunct c = conjuncts.get(i);
                int[] keys = equiKeys(c);
                if (keys == null) {
                    out[i] = RelMdUtil.guessSelectivity(c.condition);
                    continue;
                }
                int fa = factorOf(keys[0]);
                int fb = factorOf(keys[1]);
                byPair.computeIfAbsent(((long) Math.min(fa, fb) << 32) | Math.max(fa, fb), k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> pair : byPair.values()) {
                double keep = 1.0;
                for (int i : pair) {
                    int[] keys = equiKeys(conjuncts.get(i));
                    keep = Math.min(keep, equalitySelectivity(keys[0], keys[1]));
                }
                // the pair's selectivity sits on its first conjunct; the others keep everything
                out[pair.get(0)] = keep;
                for (int j = 1; j < pair.size(); j++) {
                    out[pair.get(j)] = 1.0;
                }
            }
            return out;
        }

        private double equalitySelectivity(int a, int b) {
            int fa = factorOf(a);
            int fb = factorOf(b);
            return estimates.equalitySelectivity(factors.get(fa), a - offsets[fa], factors.get(fb), b - offsets[fb]);
        }

        /** The two multi-join fields of {@code a = b} between different factors, else null. */
        private static int[] equiKeys(Conjunct c) {
            return Integer.bitCount(c.factors) == 2 ? JoinCardinality.equiKeys(c.condition) : null;
        }
    }
}
