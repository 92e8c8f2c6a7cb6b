package io.daft.calcite.rel;

import io.daft.logical.LogicalPlan;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * A relational operator that runs on Daft. Each translates itself (and its inputs) into a Daft logical plan whose
 * columns are this node's row type's fields, in order, named by {@link io.daft.calcite.DaftTypes#uniqueNames}
 * and typed by {@link io.daft.calcite.DaftTypes#toDaft}.
 */
public interface DaftRel extends RelNode {
    Convention CONVENTION = new Convention.Impl("DAFT", DaftRel.class);

    LogicalPlan toDaft();
}
