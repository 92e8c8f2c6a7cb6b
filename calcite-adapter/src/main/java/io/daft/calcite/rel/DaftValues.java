package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.core.Schema;
import io.daft.logical.InMemorySource;
import io.daft.logical.LogicalPlan;
import io.daft.micropartition.MicroPartition;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.RowsToBatch;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;

import java.util.ArrayList;
import java.util.List;

/** A VALUES list (also what Calcite makes of a query known to return nothing) as an in-memory source. */
public final class DaftValues extends org.apache.calcite.rel.core.Values implements DaftRel {
    public DaftValues(RelOptCluster cluster, RelDataType rowType, List<? extends List<RexLiteral>> tuples, RelTraitSet traits) {
        super(cluster, rowType, com.google.common.collect.ImmutableList.copyOf(
                tuples.stream().map(com.google.common.collect.ImmutableList::copyOf).toList()), traits);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new DaftValues(getCluster(), getRowType(), tuples, traitSet);
    }

    @Override
    public LogicalPlan toDaft() {
        Schema schema = DaftTypes.toSchema(getRowType());
        List<List<Object>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : tuples) {
            List<Object> row = new ArrayList<>(tuple.size());
            for (int i = 0; i < tuple.size(); i++) {
                row.add(RexToDaft.javaValue(tuple.get(i), schema.field(i).dataType()));
            }
            rows.add(row);
        }
        RecordBatch batch = RowsToBatch.build(schema, rows);
        return new InMemorySource(schema, List.of(new MicroPartition(schema, List.of(batch))));
    }
}
