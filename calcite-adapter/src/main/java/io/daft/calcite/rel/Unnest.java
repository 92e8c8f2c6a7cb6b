package io.daft.calcite.rel;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * UNNEST as an operator over its input (see {@link DaftUnnest} for the semantics): the input's columns other than
 * {@code source}, repeated per element of the list or map in column {@code source}, then the element's columns,
 * then ORDINALITY. {@link LogicalUnnest} is the logical form, {@link DaftUnnest} the one that runs.
 */
public abstract class Unnest extends SingleRel {
    protected final int source;
    protected final boolean outer;
    protected final boolean withOrdinality;
    protected final boolean expandStruct;

    protected Unnest(RelOptCluster cluster, RelTraitSet traits, RelNode input, int source, boolean outer,
                     boolean withOrdinality, boolean expandStruct, RelDataType rowType) {
        super(cluster, traits, input);
        this.source = source;
        this.outer = outer;
        this.withOrdinality = withOrdinality;
        this.expandStruct = expandStruct;
        this.rowType = rowType;
    }

    public int source() {
        return source;
    }

    public boolean outer() {
        return outer;
    }

    public boolean withOrdinality() {
        return withOrdinality;
    }

    public boolean expandStruct() {
        return expandStruct;
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("source", source).itemIf("outer", true, outer)
                .itemIf("withOrdinality", true, withOrdinality).itemIf("expandStruct", true, expandStruct);
    }
}
