package io.daft.calcite;

import io.daft.calcite.rel.LogicalUnnest;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.tools.Program;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lateral UNNEST without correlation: Calcite plans {@code FROM t, UNNEST(t.xs) AS u(x)} (also CROSS JOIN UNNEST and
 * LEFT JOIN UNNEST ... ON TRUE) as {@code Correlate(t, Uncollect(Project($cor.xs) over a one-row VALUES))}. Before
 * sub-query removal and decorrelation this program makes each such correlate a {@link LogicalUnnest} over
 * {@code Project(t's columns, xs)}, Daft's explode, so the decorrelator (which fails on correlated sub-queries over
 * a lateral UNNEST) never sees its correlation variable. Shapes it does not recognise stay correlates, which Daft
 * does not run ("not supported").
 */
final class UnnestRewrite extends RelShuttleImpl {
    private UnnestRewrite() {
    }

    /** The program step; it runs first in {@link DaftPrepare#program()}. */
    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new UnnestRewrite());
    }

    @Override
    public RelNode visit(LogicalCorrelate correlate) {
        LogicalCorrelate c = (LogicalCorrelate) super.visit(correlate);
        return unnest(c).orElse(c);
    }

    @Override
    public RelNode visit(LogicalFilter filter) {
        return super.visit(filter).accept(subQueries());
    }

    @Override
    public RelNode visit(LogicalProject project) {
        return super.visit(project).accept(subQueries());
    }

    @Override
    public RelNode visit(LogicalJoin join) {
        return super.visit(join).accept(subQueries());
    }

    /** Rewrites the plans of sub-queries inside expressions too. */
    private RexShuttle subQueries() {
        return new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                RexSubQuery s = (RexSubQuery) super.visitSubQuery(subQuery);
                RelNode rel = s.rel.accept(UnnestRewrite.this);
                return rel == s.rel ? s : s.clone(rel);
            }
        };
    }

    private static RelNode strip(RelNode rel) {
        if (rel instanceof HepRelVertex) {
            return ((HepRelVertex) rel).getCurrentRel();
        }
        if (rel instanceof RelSubset) {
            RelNode original = ((RelSubset) rel).getOriginal();
            return original == null ? rel : original;
        }
        return rel;
    }

    /** Why a correlate over an UNNEST cannot be one, for the "not supported" error (recorded when it has an UNNEST). */
    private static Optional<RelNode> declined(LogicalCorrelate c, String why) {
        if (containsUncollect(c.getRight())) {
            DaftRules.declined(c, why);
        }
        return Optional.empty();
    }

    private static boolean containsUncollect(RelNode rel) {
        RelNode r = strip(rel);
        if (r instanceof Uncollect) {
            return true;
        }
        for (RelNode in : r.getInputs()) {
            if (containsUncollect(in)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<RelNode> unnest(LogicalCorrelate c) {
        if (c.getJoinType() != JoinRelType.INNER && c.getJoinType() != JoinRelType.LEFT) {
            return declined(c, c.getJoinType() + " JOIN UNNEST is not supported (inner, CROSS and LEFT ... ON TRUE are)");
        }
        if (!c.getCondition().isAlwaysTrue()) {
            return declined(c, "JOIN UNNEST(...) ON <condition> is not supported: only ON TRUE (filter the unnested"
                    + " columns in WHERE)");
        }
        // Calcite may put renaming projections and (inner joins) filters on the unnested columns over the Uncollect
        List<RelNode> layers = new ArrayList<>();
        RelNode right = strip(c.getRight());
        while (right instanceof LogicalFilter || right instanceof LogicalProject) {
            if (right instanceof LogicalFilter && (c.getJoinType() != JoinRelType.INNER
                    || RexUtil.containsCorrelation(((LogicalFilter) right).getCondition()))) {
                return declined(c, "a condition on UNNEST's columns that refers to the outer row, or under a LEFT JOIN");
            }
            if (right instanceof LogicalProject && !columnsOnly((LogicalProject) right, c.getJoinType())) {
                return declined(c, "expressions computed over UNNEST's columns inside the lateral join");
            }
            layers.add(0, right);
            right = strip(right.getInput(0));
        }
        if (!(right instanceof Uncollect)) {
            return declined(c, "a sub-query over UNNEST of the outer row's list (such as an aggregate of its elements)"
                    + " is not supported; UNNEST in FROM is");
        }
        Uncollect u = (Uncollect) right;
        if (!(strip(u.getInput()) instanceof Project)) {
            return declined(c, "UNNEST of a sub-query's result is not supported");
        }
        Project project = (Project) strip(u.getInput());
        if (!(strip(project.getInput()) instanceof Values) || ((Values) strip(project.getInput())).getTuples().size() != 1) {
            return declined(c, "UNNEST of a sub-query's result is not supported");
        }
        if (project.getProjects().size() != 1) {
            return declined(c, "UNNEST of " + project.getProjects().size() + " arrays at once is not supported: unnest each"
                    + " in its own FROM item");
        }
        SqlTypeName listType = project.getProjects().get(0).getType().getSqlTypeName();
        if (listType != SqlTypeName.ARRAY && listType != SqlTypeName.MAP) {
            return Optional.empty();
        }
        RelNode left = c.getLeft();
        RexBuilder rexBuilder = c.getCluster().getRexBuilder();
        boolean[] foreign = new boolean[1];
        RexNode list = project.getProjects().get(0).accept(new RexShuttle() {
            @Override
            public RexNode visitFieldAccess(RexFieldAccess f) {
                if (f.getReferenceExpr() instanceof RexCorrelVariable
                        && ((RexCorrelVariable) f.getReferenceExpr()).id.equals(c.getCorrelationId())) {
                    return rexBuilder.makeInputRef(left, f.getField().getIndex());
                }
                return super.visitFieldAccess(f);
            }

            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable v) {
                foreign[0] |= v.id.equals(c.getCorrelationId());   // the whole outer row, not one of its columns
                return v;
            }

            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                foreign[0] = true;   // a column of the one-row VALUES: not expected
                return ref;
            }
        });
        if (foreign[0]) {
            return Optional.empty();
        }
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : left.getRowType().getFieldList()) {
            exprs.add(rexBuilder.makeInputRef(left, f.getIndex()));
            names.add(f.getName());
        }
        exprs.add(list);
        names.add("unnest");
        RelDataType projected = RexUtil.createStructType(c.getCluster().getTypeFactory(), exprs, names,
                SqlValidatorUtil.F_SUGGESTER);
        RelNode input = LogicalProject.create(left, List.of(), exprs, projected, java.util.Set.of());
        boolean expandStruct = DaftRules.expandsStruct(u, project);
        org.apache.calcite.rel.type.RelDataTypeFactory types = c.getCluster().getTypeFactory();
        org.apache.calcite.rel.type.RelDataTypeFactory.Builder rowType = types.builder().addAll(left.getRowType().getFieldList());
        for (RelDataTypeField f : u.getRowType().getFieldList()) {
            rowType.add(f.getName(), c.getJoinType() == JoinRelType.LEFT ? types.createTypeWithNullability(f.getType(), true) : f.getType());
        }
        RelNode result = new LogicalUnnest(c.getCluster(), input, exprs.size() - 1, c.getJoinType() == JoinRelType.LEFT,
                u.withOrdinality, expandStruct, rowType.uniquify().build());
        // the layers' columns are the unnested ones, which follow the left's columns
        int shift = left.getRowType().getFieldCount();
        for (RelNode layer : layers) {
            if (layer instanceof LogicalFilter) {
                result = LogicalFilter.create(result, RexUtil.shift(((LogicalFilter) layer).getCondition(), shift));
            } else {
                List<RexNode> kept = new ArrayList<>();
                List<String> keptNames = new ArrayList<>();
                for (int i = 0; i < shift; i++) {
                    kept.add(rexBuilder.makeInputRef(result, i));
                    keptNames.add(result.getRowType().getFieldNames().get(i));
                }
                LogicalProject p = (LogicalProject) layer;
                for (int i = 0; i < p.getProjects().size(); i++) {
                    RexNode e = p.getProjects().get(i);
                    kept.add(e instanceof RexInputRef ? rexBuilder.makeInputRef(result, shift + ((RexInputRef) e).getIndex()) : e);
                    keptNames.add(p.getRowType().getFieldNames().get(i));
                }
                result = LogicalProject.create(result, List.of(), kept, SqlValidatorUtil.uniquify(keptNames, SqlValidatorUtil.EXPR_SUGGESTER, true), java.util.Set.of());
            }
        }
        if (!org.apache.calcite.plan.RelOptUtil.areRowTypesEqual(result.getRowType(), c.getRowType(), false)) {
            result = org.apache.calcite.plan.RelOptUtil.createCastRel(result, c.getRowType(), true);
        }
        return Optional.of(result);
    }

    /**
     * Whether a projection over the unnested columns only renames or drops them; the field trimmer's constant
     * {@code DUMMY} column (when none is used) is kept too, as its value is never read.
     */
    private static boolean columnsOnly(LogicalProject p, JoinRelType joinType) {
        for (int i = 0; i < p.getProjects().size(); i++) {
            RexNode e = p.getProjects().get(i);
            boolean dummy = e instanceof org.apache.calcite.rex.RexLiteral
                    && (joinType == JoinRelType.INNER || p.getRowType().getFieldNames().get(i).startsWith("DUMMY"));
            if (!(e instanceof RexInputRef) && !dummy) {
                return false;
            }
        }
        return true;
    }
}
