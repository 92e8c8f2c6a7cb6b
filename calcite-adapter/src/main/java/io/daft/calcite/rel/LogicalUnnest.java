package io.daft.calcite.rel;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

import java.util.List;

/**
 * The logical UNNEST ({@link Unnest}): what a lateral {@code FROM t, UNNEST(t.xs)} becomes before Calcite's
 * decorrelation, so no correlation variable of the UNNEST is left for it (see {@code io.daft.calcite.UnnestRewrite}).
 */
public final class LogicalUnnest extends Unnest {
    public LogicalUnnest(RelOptCluster cluster, RelNode input, int source, boolean outer, boolean withOrdinality,
                         boolean expandStruct, RelDataType rowType) {
        super(cluster, cluster.traitSetOf(Convention.NONE), input, source, outer, withOrdinality, expandStruct, rowType);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new LogicalUnnest(getCluster(), sole(inputs), source, outer, withOrdinality, expandStruct, rowType);
    }
}
