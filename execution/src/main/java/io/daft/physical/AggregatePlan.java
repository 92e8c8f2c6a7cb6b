package io.daft.physical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.dsl.ColumnRef;
import io.daft.ops.agg.AggMode;
import io.daft.ops.agg.AggSpec;
import io.daft.ops.agg.HashAggregator;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Hash aggregation of one partition over plain input columns (the planner projects group keys and aggregate
 * inputs first). PARTIAL emits mergeable states, FINAL merges them, SINGLE does both at once.
 */
public final class AggregatePlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final List<String> groupColumns;
    private final List<AggExpr> aggregations;
    private final AggMode mode;
    /** The schema the aggregations' inputs refer to: the input itself, except in FINAL mode (the PARTIAL's input). */
    private final Schema rawInputSchema;
    private final Schema schema;

    public AggregatePlan(PhysicalPlan input, List<String> groupColumns, List<AggExpr> aggregations, AggMode mode, Schema rawInputSchema) {
        this.input = requireNonNull(input, "input");
        this.groupColumns = List.copyOf(groupColumns);
        this.aggregations = List.copyOf(aggregations);
        this.mode = requireNonNull(mode, "mode");
        this.rawInputSchema = requireNonNull(rawInputSchema, "rawInputSchema");
        for (AggExpr a : aggregations) {
            if (a.op() != AggOp.COUNT_ALL && !(a.child() instanceof ColumnRef)) {
                throw new IllegalArgumentException("aggregate inputs must be projected columns, got " + a);
            }
        }
        this.schema = mode == AggMode.PARTIAL
                ? HashAggregator.partialSchema(rawInputSchema, groupIndices(rawInputSchema), specs())
                : outputSchema();
    }

    private Schema outputSchema() {
        List<Field> fields = new ArrayList<>();
        for (String g : groupColumns) {
            fields.add(rawInputSchema.field(g));
        }
        for (AggExpr a : aggregations) {
            fields.add(a.toField(rawInputSchema));
        }
        return new Schema(fields);
    }

    private int[] groupIndices(Schema s) {
        return s.indicesOf(groupColumns);
    }

    /** Group-key column positions in this node's input. */
    public int[] groupIndices() {
        return groupIndices(input.schema());
    }

    /** The aggregations as the kernel takes them (input positions refer to the raw input). */
    public List<AggSpec> specs() {
        List<AggSpec> specs = new ArrayList<>();
        for (AggExpr a : aggregations) {
            int col = a.op() == AggOp.COUNT_ALL ? -1 : rawInputSchema.requireIndex(((ColumnRef) a.child()).column());
            specs.add(new AggSpec(a.op(), col, a.name(), col < 0 ? io.daft.core.DataType.INT64 : rawInputSchema.field(col).dataType()));
        }
        return specs;
    }

    public AggMode mode() {
        return mode;
    }

    public List<AggExpr> aggregations() {
        return aggregations;
    }

    public List<String> groupColumns() {
        return groupColumns;
    }

    public Schema rawInputSchema() {
        return rawInputSchema;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of(input);
    }

    @Override
    public int numPartitions() {
        return input.numPartitions();
    }

    @Override
    public String describe() {
        return "Aggregate(" + mode + "): " + aggregations + (groupColumns.isEmpty() ? "" : " group by " + groupColumns);
    }

}
