package io.daft.logical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.Expr;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Groups by the keys (none: one global group) and aggregates; output is the keys then the aggregations. */
public final class Aggregate extends LogicalPlan {
    private final LogicalPlan input;
    private final List<Expr> groupBy;
    private final List<AggExpr> aggregations;
    private final Schema schema;

    public Aggregate(LogicalPlan input, List<Expr> groupBy, List<AggExpr> aggregations) {
        this.input = requireNonNull(input, "input");
        this.groupBy = List.copyOf(groupBy);
        this.aggregations = List.copyOf(aggregations);
        List<Field> fields = new ArrayList<>();
        for (Expr g : groupBy) {
            fields.add(g.toField(input.schema()));
        }
        for (AggExpr a : aggregations) {
            fields.add(a.toField(input.schema()));
        }
        this.schema = new Schema(fields);
    }

    public List<Expr> groupBy() {
        return groupBy;
    }

    public List<AggExpr> aggregations() {
        return aggregations;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Aggregate(children.get(0), groupBy, aggregations);
    }

    @Override
    public String describe() {
        return "Aggregate: " + aggregations + (groupBy.isEmpty() ? "" : " group by " + groupBy);
    }
}
