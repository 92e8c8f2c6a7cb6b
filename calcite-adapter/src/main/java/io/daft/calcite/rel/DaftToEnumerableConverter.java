package io.daft.calcite.rel;

import io.daft.QueryPlanner;
import io.daft.calcite.DaftExecutor;
import io.daft.logical.LogicalPlan;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

import java.util.List;

/**
 * The one bridge from Daft to Calcite's Enumerable engine, at the root of every plan: its generated code carries
 * the whole query as a Daft logical plan and streams the Daft runner's results back as rows.
 */
public final class DaftToEnumerableConverter extends ConverterImpl implements EnumerableRel {
    /** The converter of {@code input}, claiming the traits (such as a collation) that its input certainly delivers. */
    public DaftToEnumerableConverter(RelOptCluster cluster, RelNode input) {
        super(cluster, ConventionTraitDef.INSTANCE, traitsOf(input), input);
    }

    /**
     * {@code input}'s traits in the Enumerable convention, simplified as the Volcano planner simplifies them: it files
     * a rel with a composite trait (a project repeating a sort key is sorted on [0] and on [1]) under the default
     * (unsorted) subset and registers this converter over that subset, whose best rel need not have the composite
     * order. Copying the composite trait made the converter claim an order its input lacked, dropping an ORDER BY.
     */
    private static RelTraitSet traitsOf(RelNode input) {
        return input.getTraitSet().simplify().replace(EnumerableConvention.INSTANCE);
    }

    /** A copy over {@code inputs}; its traits follow from the new input, whatever {@code traitSet} asks. */
    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new DaftToEnumerableConverter(getCluster(), sole(inputs));
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        RelOptCost cost = super.computeSelfCost(planner, mq);
        return cost == null ? null : cost.multiplyBy(0.1);
    }

    /** The whole query as a Daft logical plan, columns named and typed as this node's row type. */
    public LogicalPlan daftPlan() {
        return DaftPlans.conform(DaftPlans.input(getInput()), getRowType());
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        RelWriter w = super.explainTerms(pw);
        if (getInput() instanceof org.apache.calcite.plan.volcano.RelSubset) {
            return w;   // still planning: the Daft plan exists only once every input is chosen
        }
        try {
            w.item("daft", "\n" + QueryPlanner.explain(daftPlan(), true));
        } catch (RuntimeException e) {
            w.item("daft", "(cannot plan: " + e.getMessage() + ")");
        }
        return w;
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression plan = implementor.stash(daftPlan(), LogicalPlan.class);
        boolean scalar = physType.getFormat() == JavaRowFormat.SCALAR;
        BlockBuilder b = new BlockBuilder();
        b.add(Expressions.return_(null,
                Expressions.call(DaftExecutor.class, "enumerable", plan, Expressions.constant(scalar))));
        return implementor.result(physType, b.toBlock());
    }
}
