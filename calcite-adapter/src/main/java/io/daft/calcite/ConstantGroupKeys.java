package io.daft.calcite;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.RelBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites an aggregate whose group keys are all constants ({@code SELECT DISTINCT 1 FROM t WHERE ...}) over a
 * correlated input into an aggregate without keys that also counts its rows, kept only when it counted some,
 * with the constants projected above. Calcite's decorrelator drops constant group keys and re-adds them above
 * the aggregate; when every key is constant that leaves an aggregate of no keys, which has one row even on an
 * empty input, so such a query answered one row where it must answer none. This runs just before decorrelation.
 */
final class ConstantGroupKeys extends RelHomogeneousShuttle {
    private static final String ROWS = "$rows";

    private ConstantGroupKeys() {
    }

    /** The rewrite as a program step, to run before {@code Programs.decorrelate()}. */
    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new ConstantGroupKeys());
    }

    @Override
    public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited instanceof LogicalAggregate agg && allKeysConstant(agg) && hasCorrelate(agg.getInput())
                ? rewrite(agg) : visited;
    }

    /** As the decorrelator sees constant keys: literals of the project under the aggregate. */
    private static boolean allKeysConstant(Aggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE || agg.getGroupSet().isEmpty() || !(agg.getInput() instanceof Project project)) {
            return false;
        }
        return agg.getGroupSet().asList().stream().allMatch(k -> project.getProjects().get(k) instanceof RexLiteral);
    }

    private static boolean hasCorrelate(RelNode rel) {
        return rel instanceof Correlate || rel.getInputs().stream().anyMatch(ConstantGroupKeys::hasCorrelate);
    }

    private static RelNode rewrite(LogicalAggregate agg) {
        Project input = (Project) agg.getInput();
        int keys = agg.getGroupCount();
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall c : agg.getAggCallList()) {
            calls.add(c.adaptTo(input, c.getArgList(), c.filterArg, keys, 0));
        }
        RelBuilder b = RelFactories.LOGICAL_BUILDER.create(agg.getCluster(), null);
        b.push(input);
        List<RelBuilder.AggCall> all = new ArrayList<>();
        for (AggregateCall c : calls) {
            all.add(b.aggregateCall(c));
        }
        all.add(b.count(false, ROWS));
        b.aggregate(b.groupKey(), all);
        b.filter(b.call(SqlStdOperatorTable.GREATER_THAN, b.field(ROWS), b.literal(0)));
        List<RexNode> projects = new ArrayList<>();
        for (int k : agg.getGroupSet().asList()) {
            projects.add(input.getProjects().get(k));
        }
        for (int i = 0; i < calls.size(); i++) {
            projects.add(b.field(i));
        }
        b.project(projects, agg.getRowType().getFieldNames(), true);
        return b.convert(agg.getRowType(), false).build();
    }
}
